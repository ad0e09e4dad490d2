package io.cvlan.agent.wireguard;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A userspace WireGuard (wireguard-go) programmed over its UAPI unix socket, in plain Java: no native
 * library and no process to start. The socket is a file, so this works for an interface in any netns.
 */
public final class UapiBackend implements WireGuardBackend {
  private static final Logger log = LoggerFactory.getLogger(UapiBackend.class);
  private static final Path SOCKET_DIR = Path.of("/var/run/wireguard");

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private final Path socket;
  private final Duration timeout;

  public UapiBackend(Path socket) {
    this(socket, DEFAULT_TIMEOUT);
  }

  /** {@code timeout} bounds each exchange: a wedged device is an error, not an agent that hangs for good. */
  public UapiBackend(Path socket, Duration timeout) {
    this.socket = Objects.requireNonNull(socket, "socket");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** The socket wireguard-go opens for {@code iface}, the same path in every network namespace. */
  public static Path socketOf(String iface) {
    return SOCKET_DIR.resolve(iface + ".sock");
  }

  @Override
  public DeviceState read() throws IOException {
    return UapiMessage.parseGet(exchange(UapiMessage.GET));
  }

  @Override
  public void apply(PeerDiff.Changes changes, InterfaceConfig desired) throws IOException {
    if (changes.isEmpty()) {
      return;
    }
    exchange(UapiMessage.set(changes));
    log.debug("socket={} added={} updated={} removed={} privateKeyChanged={} peers={} applied", socket,
        changes.added().size(), changes.updated().size(), changes.removedPublicKeys().size(),
        changes.privateKey().isPresent(), desired.peers().size());
  }

  /** Sends one message and returns the response up to its blank line; an errno other than 0 is an exception. */
  String exchange(String message) throws IOException {
    String response;
    long deadline = System.nanoTime() + timeout.toNanos();
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        Selector selector = Selector.open()) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      channel.configureBlocking(false);
      SelectionKey key = channel.register(selector, 0);
      ByteBuffer out = ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8));
      while (out.hasRemaining()) {
        if (channel.write(out) == 0) {
          await(selector, key, SelectionKey.OP_WRITE, deadline);
        }
      }
      response = readResponse(channel, selector, key, deadline);
    }
    int errno = UapiMessage.errno(response);
    if (errno != 0) {
      // The response to a set is only the errno; nothing secret is in it.
      throw new IOException("WireGuard UAPI at " + socket + " answered errno=" + errno
          + (errno == -1 ? " (no errno line: " + response.strip() + ")" : ""));
    }
    return response;
  }

  private String readResponse(SocketChannel channel, Selector selector, SelectionKey key, long deadline)
      throws IOException {
    ByteArrayOutputStream received = new ByteArrayOutputStream(4096);
    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    // Every line is key=value, so the first blank line ends the response (after its errno line).
    byte last = 0;
    byte beforeLast = 0;
    while (last != '\n' || beforeLast != '\n') {
      buffer.clear();
      int read = channel.read(buffer);
      if (read < 0) {
        break;
      }
      if (read == 0) {
        await(selector, key, SelectionKey.OP_READ, deadline);
        continue;
      }
      received.write(buffer.array(), 0, read);
      beforeLast = read >= 2 ? buffer.get(read - 2) : last;
      last = buffer.get(read - 1);
    }
    return received.toString(StandardCharsets.UTF_8);
  }

  private void await(Selector selector, SelectionKey key, int operation, long deadline) throws IOException {
    key.interestOps(operation);
    long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    if (remainingMs <= 0 || selector.select(remainingMs) == 0 && System.nanoTime() >= deadline) {
      throw new IOException("WireGuard UAPI at " + socket + " did not answer within " + timeout.toMillis() + " ms");
    }
    selector.selectedKeys().clear();
  }

  @Override
  public String toString() {
    return "UapiBackend[" + socket + "]";
  }
}
