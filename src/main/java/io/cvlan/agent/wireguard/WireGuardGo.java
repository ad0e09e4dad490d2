package io.cvlan.agent.wireguard;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A wireguard-go process in the foreground ({@code -f}), so that it is ours to stop by its PID. Its UAPI
 * socket is {@code /var/run/wireguard/<iface>.sock} whatever the netns, hence interface names must be
 * unique on the machine.
 */
public final class WireGuardGo implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WireGuardGo.class);
  // wireguard-go takes any argument it does not know for an interface name: only plain names get through.
  private static final Pattern IFACE = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,14}");

  private final String iface;
  private final Optional<String> netns;
  private final Process process;
  private final Path outputFile;

  private WireGuardGo(String iface, Optional<String> netns, Process process, Path outputFile) {
    this.iface = iface;
    this.netns = netns;
    this.process = process;
    this.outputFile = outputFile;
  }

  /** Starts wireguard-go for {@code iface} (inside {@code netns} if given) and waits for its UAPI socket. */
  public static WireGuardGo start(String iface, Optional<String> netns, Duration timeout) throws IOException {
    if (!IFACE.matcher(iface).matches()) {
      throw new IllegalArgumentException("interface name must be 1-15 of [a-zA-Z0-9_.-], not '" + iface + "'");
    }
    Path socket = UapiBackend.socketOf(iface);
    if (Files.exists(socket) && connectable(socket)) {
      throw new IOException("interface " + iface + " already has a live UAPI socket " + socket);
    }
    Path output = Files.createTempFile("wireguard-go-" + iface + "-", ".log");
    // ip netns exec execs wireguard-go in place, so the PID we hold is wireguard-go's own.
    Process process = new ProcessBuilder(HostCommands.inNetns(netns, List.of("wireguard-go", "-f", iface)))
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
    WireGuardGo device = new WireGuardGo(iface, netns, process, output);
    try {
      device.awaitSocket(timeout);
    } catch (IOException | RuntimeException e) {
      device.close();
      throw e;
    }
    log.info("iface={} netns={} pid={} wireguard-go started", iface, netns.orElse("-"), process.pid());
    return device;
  }

  /** Whether a userspace WireGuard already serves {@code iface} (its UAPI socket answers). */
  public static boolean isRunning(String iface) {
    Path socket = UapiBackend.socketOf(iface);
    return Files.exists(socket) && connectable(socket);
  }

  public String iface() {
    return iface;
  }

  public Optional<String> netns() {
    return netns;
  }

  public long pid() {
    return process.pid();
  }

  public Path socket() {
    return UapiBackend.socketOf(iface);
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGTERM, then SIGKILL after two seconds; removes the socket if the process could not. */
  @Override
  public void close() throws IOException {
    process.destroy();
    try {
      if (!process.waitFor(2, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    Files.deleteIfExists(socket());
    Files.deleteIfExists(outputFile);
    log.info("iface={} pid={} wireguard-go stopped", iface, process.pid());
  }

  private void awaitSocket(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("wireguard-go for " + iface + " exited " + process.exitValue() + ": " + outputTail());
      }
      if (Files.exists(socket()) && connectable(socket())) {
        return;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted waiting for " + socket(), e);
      }
    }
    throw new IOException("no UAPI socket " + socket() + " within " + timeout.toMillis() + " ms: " + outputTail());
  }

  private String outputTail() {
    try {
      String text = Files.readString(outputFile).strip();
      return text.length() <= 500 ? text : text.substring(text.length() - 500);
    } catch (IOException e) {
      return "(no output)";
    }
  }

  private static boolean connectable(Path socket) {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
