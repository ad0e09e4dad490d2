package io.cvlan.agent.vrouter;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One IPv4 policy-routing rule ({@code ip rule}) for packets arriving on a CVLAN's interface: to a
 * destination (or any), either routed by the main table or refused with an ICMP "prohibited".
 */
public record PolicyRule(int priority, String iif, Optional<String> to, Action action) {
  public enum Action {
    /** Routed by the main table, like any packet the host forwards. */
    MAIN,
    /** Dropped with ICMP "administratively prohibited": the sender learns why. */
    PROHIBIT
  }

  /** The arguments after {@code ip -4 rule add|del}: the rule, exactly, so a delete removes this one and no other. */
  public List<String> arguments() {
    List<String> args = new ArrayList<>(List.of("priority", Integer.toString(priority), "iif", iif));
    to.ifPresent(cidr -> args.addAll(List.of("to", cidr)));
    args.addAll(action == Action.MAIN ? List.of("lookup", "main") : List.of("prohibit"));
    return args;
  }

  @Override
  public String toString() {
    return String.join(" ", arguments());
  }
}
