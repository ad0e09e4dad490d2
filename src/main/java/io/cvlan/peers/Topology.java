package io.cvlan.peers;

import io.cvlan.api.v1alpha1.PeerPolicy;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Who peers with whom in a CVLAN: a pure function of the members and the policy, so that the operator,
 * the poll API and the agent all compute the same answer and tests can state it as tables.
 */
public final class Topology {
  private Topology() {}

  /** The peers {@code self} gets, ordered by id; never itself. */
  public static List<Peer> peersOf(Peer self, Collection<Peer> members, PeerPolicy policy) {
    return members.stream()
        .filter(other -> arePeers(self, other, policy))
        .sorted(Comparator.comparing(Peer::id))
        .toList();
  }

  /**
   * Whether {@code a} and {@code b} are WireGuard peers. A vrouter peers with every member and every member
   * with the vrouters: routers carry the traffic between tenants' subnets, whatever the taints. Otherwise
   * Open (also when no policy is set) joins everyone; Isolated only members that share a taint.
   */
  public static boolean arePeers(Peer a, Peer b, PeerPolicy policy) {
    if (a.id().equals(b.id())) {
      return false;
    }
    if (a.kind() == PeerKind.vrouter || b.kind() == PeerKind.vrouter) {
      return true;
    }
    if (policy != PeerPolicy.Isolated) {
      return true;
    }
    return !Collections.disjoint(a.taints(), b.taints());
  }
}
