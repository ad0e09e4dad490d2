package io.cvlan.testing;

import io.cvlan.agent.wireguard.HostCommands;
import io.cvlan.agent.wireguard.WireGuardGo;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Network namespaces, veth pairs and wireguard-go processes for one test, all named with a short random id
 * (interface names are machine-wide for wireguard-go, and at most 15 characters) and all removed by
 * {@link #close()}: processes by their PID, then namespaces (which takes their veths along).
 */
public final class NetnsFixture implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

  private final String id = randomId(5);
  private final Deque<WireGuardGo> devices = new ArrayDeque<>();
  private final List<String> namespaces = new ArrayList<>();

  /** Skips the calling test, saying why, unless it runs as root with wireguard-go, wg, ip and ping. */
  public static void assumeAvailable() {
    Assumptions.assumeTrue(HostCommands.isRoot(), "skipped: WireGuard tests need root (network namespaces)");
    for (String tool : List.of("wireguard-go", "wg", "ip", "ping")) {
      Assumptions.assumeTrue(HostCommands.onPath(tool), "skipped: " + tool + " is not installed");
    }
  }

  /** The id in every name this fixture makes. */
  public String id() {
    return id;
  }

  /** Creates netns {@code cvt-<id>-<label>} with loopback up. */
  public String namespace(String label) throws IOException {
    String name = "cvt-" + id + "-" + label;
    HostCommands.run(List.of("ip", "netns", "add", name));
    namespaces.add(name);
    HostCommands.run(List.of("ip", "-n", name, "link", "set", "lo", "up"));
    return name;
  }

  /** An interface name unique on the machine: {@code wg<id><label>}, label at most 8 characters. */
  public String iface(String label) {
    String name = "wg" + id + label;
    if (name.length() > 15) {
      throw new IllegalArgumentException("interface name too long: " + name);
    }
    return name;
  }

  /** Starts wireguard-go for {@code iface} inside {@code netns}; stopped by {@link #close()}. */
  public WireGuardGo wireGuard(String netns, String iface) throws IOException {
    WireGuardGo device = WireGuardGo.start(iface, Optional.of(netns), Duration.ofSeconds(5));
    devices.push(device);
    return device;
  }

  /** A veth pair between two namespaces, each end addressed ({@code 192.0.2.1/24}) and up. */
  public void veth(String netnsA, String addressA, String netnsB, String addressB) throws IOException {
    veth("", netnsA, addressA, netnsB, addressB);
  }

  /**
   * One of several veth pairs, told apart by {@code label} (at most 8 characters): {@code va<id><label>} in
   * {@code netnsA}, {@code vb<id><label>} in {@code netnsB}. Returns the two names.
   */
  public List<String> veth(String label, String netnsA, String addressA, String netnsB, String addressB) throws IOException {
    String a = "va" + id + label;
    String b = "vb" + id + label;
    HostCommands.run(List.of("ip", "link", "add", a, "netns", netnsA, "type", "veth", "peer", "name", b, "netns", netnsB));
    HostCommands.run(List.of("ip", "-n", netnsA, "addr", "add", addressA, "dev", a));
    HostCommands.run(List.of("ip", "-n", netnsB, "addr", "add", addressB, "dev", b));
    HostCommands.run(List.of("ip", "-n", netnsA, "link", "set", a, "up"));
    HostCommands.run(List.of("ip", "-n", netnsB, "link", "set", b, "up"));
    return List.of(a, b);
  }

  /** Runs a command inside {@code netns}; a non-zero exit is an IOException. */
  public String exec(String netns, String... command) throws IOException {
    return HostCommands.run(HostCommands.inNetns(Optional.of(netns), List.of(command)));
  }

  /** Stops every process this fixture started, then deletes its namespaces; carries on past failures. */
  @Override
  public void close() {
    List<String> failures = new ArrayList<>();
    while (!devices.isEmpty()) {
      WireGuardGo device = devices.pop();
      try {
        device.close();
      } catch (IOException | RuntimeException e) {
        failures.add("pid " + device.pid() + ": " + e.getMessage());
      }
    }
    for (String netns : namespaces) {
      try {
        HostCommands.run(List.of("ip", "netns", "del", netns));
      } catch (IOException | RuntimeException e) {
        failures.add("netns " + netns + ": " + e.getMessage());
      }
    }
    namespaces.clear();
    if (!failures.isEmpty()) {
      throw new IllegalStateException("cleanup failed: " + failures);
    }
  }

  private static String randomId(int length) {
    StringBuilder id = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return id.toString();
  }
}
