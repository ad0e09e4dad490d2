package io.cvlan.demo;

import io.cvlan.agent.wireguard.HostCommands;
import io.cvlan.agent.wireguard.WireGuardGo;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Machines for {@code demo --real-wireguard}: a network namespace per agent, all joined to a bridge in a hub
 * namespace (192.0.2.0/24, a documentation range), wireguard-go in each. Everything is removed on close,
 * processes by PID first.
 */
final class RealNetwork implements AutoCloseable {
  /** One machine: its namespace, its WireGuard interface and the underlay address peers dial. */
  record Machine(String netns, String iface, String underlay) {}

  private final String id = Long.toString(new SecureRandom().nextLong() >>> 1, 36).substring(0, 5);
  private final String hub = "cvd-" + id + "-hub";
  private final List<String> namespaces = new ArrayList<>();
  private final List<WireGuardGo> devices = new ArrayList<>();

  static boolean available() {
    return HostCommands.isRoot() && List.of("wireguard-go", "ip", "ping").stream().allMatch(HostCommands::onPath);
  }

  RealNetwork start() throws IOException {
    netns(hub);
    HostCommands.run(List.of("ip", "-n", hub, "link", "add", "br0", "type", "bridge"));
    HostCommands.run(List.of("ip", "-n", hub, "link", "set", "br0", "up"));
    return this;
  }

  Machine machine(int index) throws IOException {
    String netns = netns("cvd-" + id + "-" + index);
    String inside = "vd" + id + index + "a";
    String outside = "vd" + id + index + "b";
    String underlay = "192.0.2." + (10 + index);
    HostCommands.run(List.of("ip", "link", "add", inside, "netns", netns, "type", "veth", "peer", "name", outside, "netns", hub));
    HostCommands.run(List.of("ip", "-n", hub, "link", "set", outside, "master", "br0", "up"));
    HostCommands.run(List.of("ip", "-n", netns, "addr", "add", underlay + "/24", "dev", inside));
    HostCommands.run(List.of("ip", "-n", netns, "link", "set", inside, "up"));
    String iface = "wd" + id + index;
    devices.add(WireGuardGo.start(iface, Optional.of(netns), Duration.ofSeconds(5)));
    return new Machine(netns, iface, underlay);
  }

  String ping(Machine from, String address) {
    try {
      return HostCommands.run(HostCommands.inNetns(Optional.of(from.netns()), List.of("ping", "-c", "1", "-W", "2", address)));
    } catch (IOException e) {
      return e.getMessage();
    }
  }

  private String netns(String name) throws IOException {
    HostCommands.run(List.of("ip", "netns", "add", name));
    namespaces.add(name);
    HostCommands.run(List.of("ip", "-n", name, "link", "set", "lo", "up"));
    return name;
  }

  @Override
  public void close() {
    for (WireGuardGo device : devices) {
      try {
        device.close();
      } catch (IOException | RuntimeException e) {
        // Keep going: the namespaces must go too.
      }
    }
    for (String netns : namespaces) {
      try {
        HostCommands.run(List.of("ip", "netns", "del", netns));
      } catch (IOException | RuntimeException e) {
        // Best effort, as above.
      }
    }
  }
}
