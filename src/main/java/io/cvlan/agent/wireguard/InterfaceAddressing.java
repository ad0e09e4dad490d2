package io.cvlan.agent.wireguard;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The overlay address and routes of a WireGuard interface, set with {@code ip}. Every step is a
 * {@code replace} or an {@code up}, so running it again changes nothing.
 */
public final class InterfaceAddressing implements Addressing {
  private static final Logger log = LoggerFactory.getLogger(InterfaceAddressing.class);

  private final String iface;
  private final Optional<String> netns;

  public InterfaceAddressing(String iface, Optional<String> netns) {
    this.iface = Objects.requireNonNull(iface, "iface");
    this.netns = Objects.requireNonNull(netns, "netns");
  }

  /**
   * Gives the interface {@code address} with the CVLAN's prefix (e.g. {@code 10.99.0.1/16}: the kernel then
   * routes the whole CVLAN through it), brings it up, and routes each VRouter subnet in {@code routes} to it.
   */
  @Override
  public void configure(String address, List<String> routes) throws IOException {
    for (List<String> command : commands(address, routes)) {
      HostCommands.run(command);
    }
    List<String> stale = stale(HostCommands.run(ipCommand("-j", "route", "show", "dev", iface)), routes);
    for (String route : stale) {
      HostCommands.run(ipCommand("route", "del", route, "dev", iface));
    }
    log.info("iface={} netns={} address={} routes={} removed={} configured", iface, netns.orElse("-"), address, routes.size(),
        stale.size());
  }

  /**
   * The routes through the interface that are no longer wanted (a VRouter left, or stopped advertising a
   * subnet): every route in {@code ipJson} ({@code ip -j route show dev}) but the kernel's own (the CVLAN's
   * prefix, from the address) and the wanted ones. The interface is the agent's: nobody else routes into it.
   */
  static List<String> stale(String ipJson, List<String> wanted) throws IOException {
    java.util.Set<String> keep = new java.util.HashSet<>();
    wanted.forEach(route -> keep.add(Cidrs.canonical(route)));
    List<String> stale = new ArrayList<>();
    for (var route : io.cvlan.registration.protocol.Json.MAPPER.readTree(ipJson.isBlank() ? "[]" : ipJson)) {
      String dst = route.path("dst").asText("");
      if ("kernel".equals(route.path("protocol").asText()) || dst.isEmpty() || "default".equals(dst)) {
        continue;
      }
      if (!keep.contains(Cidrs.canonical(dst))) {
        stale.add(dst);
      }
    }
    return stale;
  }

  /** The {@code ip} arguments that {@link #configure} runs, in order (for tests and dry runs). */
  List<List<String>> commands(String address, List<String> routes) {
    List<List<String>> commands = new ArrayList<>();
    commands.add(ipCommand("addr", "replace", address, "dev", iface));
    commands.add(ipCommand("link", "set", "dev", iface, "up"));
    routes.forEach(route -> commands.add(ipCommand("route", "replace", Cidrs.canonical(route), "dev", iface)));
    return commands;
  }

  private List<String> ipCommand(String... args) {
    List<String> command = new ArrayList<>(args.length + 3);
    command.add("ip");
    netns.ifPresent(ns -> command.addAll(List.of("-n", ns)));
    command.addAll(List.of(args));
    return command;
  }
}
