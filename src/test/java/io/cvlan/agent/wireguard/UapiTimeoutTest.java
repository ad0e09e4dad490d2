package io.cvlan.agent.wireguard;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A device that accepts the connection and never answers. */
class UapiTimeoutTest {

  @Test
  void aDeviceThatNeverAnswersIsATimeoutNotAHang(@TempDir Path dir) throws Exception {
    Path socket = dir.resolve("wedged.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      UapiBackend backend = new UapiBackend(socket, Duration.ofMillis(200));

      assertThatThrownBy(backend::read)
          .isInstanceOf(IOException.class)
          .hasMessageContaining("did not answer within 200 ms");
    } finally {
      Files.deleteIfExists(socket);
    }
  }
}
