package io.cvlan.agent.wireguard;

import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.testing.NetnsFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fixture other tests trust to leave the machine as it found it. */
class WireGuardNetnsFixtureTest {

  @BeforeEach
  void requireTools() {
    NetnsFixture.assumeAvailable();
  }

  @Test
  void closeStopsWireGuardByPidAndDeletesSocketAndNamespace() throws Exception {
    NetnsFixture fixture = new NetnsFixture();
    String netns;
    WireGuardGo device;
    try {
      netns = fixture.namespace("x");
      device = fixture.wireGuard(netns, fixture.iface("x"));
      assertThat(Files.readString(Path.of("/proc", Long.toString(device.pid()), "comm")).strip())
          .isEqualTo("wireguard-go");
    } finally {
      fixture.close();
    }

    assertThat(device.isAlive()).isFalse();
    assertThat(device.socket()).doesNotExist();
    assertThat(HostCommands.run(List.of("ip", "netns", "list"))).doesNotContain(netns);
  }
}
