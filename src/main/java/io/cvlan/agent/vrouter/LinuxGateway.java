package io.cvlan.agent.vrouter;

import io.cvlan.agent.wireguard.HostCommands;
import io.cvlan.agent.wireguard.InterfaceAddressing;
import io.cvlan.agent.wireguard.UapiBackend;
import io.cvlan.agent.wireguard.WgToolBackend;
import io.cvlan.agent.wireguard.WireGuardBackend;
import io.cvlan.agent.wireguard.WireGuardGo;
import io.cvlan.registration.protocol.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Linux gateway (inside {@code netns} if given): WireGuard devices from wireguard-go ({@code uapi}) or the
 * kernel module ({@code wg}), addresses with {@code ip}, forwarding by sysctl and {@code ip rule}. Rules are
 * changed by diff against what {@code ip -j rule} reads back, never flushed: the CVLANs stay apart throughout.
 */
public final class LinuxGateway implements GatewayHost {
  private static final Logger log = LoggerFactory.getLogger(LinuxGateway.class);
  private static final String IP_FORWARD = "/proc/sys/net/ipv4/ip_forward";

  private final Optional<String> netns;
  private final String backend;
  private final Optional<String> siteInterface;
  private final Map<String, WireGuardGo> started = new ConcurrentHashMap<>();

  /** {@code backend} is {@code uapi} or {@code wg}; {@code siteInterface} routes advertised subnets the host does not route yet. */
  public LinuxGateway(Optional<String> netns, String backend, Optional<String> siteInterface) {
    if (!backend.equals("uapi") && !backend.equals("wg")) {
      throw new IllegalArgumentException("backend must be uapi or wg, not " + backend);
    }
    this.netns = netns;
    this.backend = backend;
    this.siteInterface = siteInterface;
  }

  @Override
  public WireGuardBackend link(String iface) throws IOException {
    if (backend.equals("wg")) {
      if (!exists(iface)) {
        ip("link", "add", "dev", iface, "type", "wireguard");
      }
      return new WgToolBackend(iface, netns);
    }
    if (!WireGuardGo.isRunning(iface)) {
      // Ours to stop: a restarted agent finds a live socket and reuses the device (and its peers) instead.
      started.put(iface, WireGuardGo.start(iface, netns, Duration.ofSeconds(5)));
    }
    return new UapiBackend(UapiBackend.socketOf(iface));
  }

  @Override
  public void address(CvlanLink link) throws IOException {
    new InterfaceAddressing(link.iface(), netns).configure(link.address(), List.of());
  }

  @Override
  public void unlink(String iface) throws IOException {
    WireGuardGo device = started.remove(iface);
    if (device != null) {
      device.close();
    } else if (backend.equals("wg") && exists(iface)) {
      ip("link", "del", "dev", iface);
    }
  }

  @Override
  public void forward(List<PolicyRule> rules, List<String> siteRoutes) throws IOException {
    enableForwarding();
    if (siteInterface.isPresent()) {
      for (String route : siteRoutes) {
        if (!route.contains(":") && Json.MAPPER.readTree(orEmpty(ip("-j", "route", "show", "exact", route))).isEmpty()) {
          ip("route", "replace", route, "dev", siteInterface.get());
        }
      }
    }
    List<PolicyRule> current = PolicyRules.read(ip("-4", "-j", "rule", "show"));
    PolicyRules.Diff diff = PolicyRules.diff(current, rules);
    for (PolicyRule rule : diff.added()) {
      ip(concat(List.of("-4", "rule", "add"), rule.arguments()));
    }
    for (PolicyRule rule : diff.removed()) {
      ip(concat(List.of("-4", "rule", "del"), rule.arguments()));
    }
    log.info("netns={} rules={} added={} removed={} forwarding configured", netns.orElse("-"), rules.size(), diff.added().size(),
        diff.removed().size());
  }

  private void enableForwarding() throws IOException {
    if (netns.isEmpty()) {
      Files.writeString(Path.of(IP_FORWARD), "1\n", StandardCharsets.US_ASCII);
    } else {
      // A file of another network namespace is written from inside it; tee needs no shell.
      HostCommands.run(HostCommands.inNetns(netns, List.of("tee", IP_FORWARD)), "1\n".getBytes(StandardCharsets.US_ASCII));
    }
  }

  private boolean exists(String iface) {
    try {
      ip("link", "show", "dev", iface);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private String ip(String... args) throws IOException {
    return ip(List.of(args));
  }

  private String ip(List<String> args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add("ip");
    netns.ifPresent(ns -> command.addAll(List.of("-n", ns)));
    command.addAll(args);
    return HostCommands.run(command);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static String orEmpty(String json) {
    return json.isBlank() ? "[]" : json;
  }

  @Override
  public void close() {
    for (WireGuardGo device : List.copyOf(started.values())) {
      try {
        device.close();
      } catch (IOException | RuntimeException e) {
        log.warn("iface={} stopping wireguard-go failed problem=\"{}\"", device.iface(), e.getMessage());
      }
    }
    started.clear();
  }
}
