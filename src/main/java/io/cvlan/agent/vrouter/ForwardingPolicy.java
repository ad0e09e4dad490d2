package io.cvlan.agent.vrouter;

import io.cvlan.agent.wireguard.Cidrs;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a vrouter forwards, as policy-routing rules (iproute2 only: neither iptables nor nftables is needed):
 * a packet arriving on a CVLAN's interface may go to the subnets the vrouter advertises ({@code spec.routes}),
 * and nowhere else — in particular never into another CVLAN, even when an advertised subnet (say a default
 * route) contains that CVLAN's network. Packets towards a CVLAN come from the site side and follow the main
 * table; the host's own traffic (the local table, priority 0) is not affected.
 *
 * <p>Per interface, in order: the other CVLANs' networks are prohibited, the advertised subnets are looked up
 * in the main table, anything else is prohibited. Rules match the incoming interface only, so the CVLANs'
 * rules never meet.
 */
public final class ForwardingPolicy {
  /** The priorities the vrouter owns; rules at them are its own, and it removes those it no longer wants. */
  public static final int ISOLATE = 20000;
  public static final int ALLOW = 20001;
  public static final int REFUSE = 20002;
  private static final String ANY = "0.0.0.0/0";

  private ForwardingPolicy() {}

  /** The rules for {@code links}, forwarding to {@code siteRoutes} (IPv4 CIDRs; IPv6 is not forwarded at all). */
  public static List<PolicyRule> rules(List<CvlanLink> links, List<String> siteRoutes) {
    List<String> routes = siteRoutes.stream().filter(ForwardingPolicy::ipv4).map(Cidrs::canonical).distinct().toList();
    List<PolicyRule> rules = new ArrayList<>();
    for (CvlanLink link : links) {
      for (CvlanLink other : links) {
        if (!other.equals(link) && ipv4(other.cidr())) {
          rules.add(new PolicyRule(ISOLATE, link.iface(), Optional.of(Cidrs.canonical(other.cidr())), PolicyRule.Action.PROHIBIT));
        }
      }
      // ip rule spells "to 0.0.0.0/0" as no destination at all; so does this rule, so that reading it back compares equal.
      routes.forEach(route -> rules.add(new PolicyRule(ALLOW, link.iface(), Optional.of(route).filter(r -> !r.equals(ANY)),
          PolicyRule.Action.MAIN)));
      rules.add(new PolicyRule(REFUSE, link.iface(), Optional.empty(), PolicyRule.Action.PROHIBIT));
    }
    return List.copyOf(rules);
  }

  public static boolean owns(int priority) {
    return priority == ISOLATE || priority == ALLOW || priority == REFUSE;
  }

  private static boolean ipv4(String cidr) {
    return cidr != null && !cidr.contains(":");
  }
}
