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
    log.info("iface={} netns={} address={} routes={} configured", iface, netns.orElse("-"), address, routes.size());
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
