package io.cvlan.registration.poll;

import io.cvlan.api.v1alpha1.PeerPolicy;
import io.cvlan.peers.Peer;
import io.cvlan.peers.Topology;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A CVLAN delta as one member sees it, as a pure function: only its peers under the CVLAN's policy, never
 * itself. A changed peer that is no longer visible (its taints moved away) is reported removed; removing a
 * peer the member never had is harmless for the agent. When the member itself changed (its taints decide
 * everything under Isolated), it gets the full list.
 */
public final class MemberView {
  private MemberView() {}

  /** The peers and removals one member receives. */
  public record View(long version, boolean full, List<Peer> peers, List<String> removed) {
    public boolean keepalive() {
      return !full && peers.isEmpty() && removed.isEmpty();
    }
  }

  public static View of(PeerDelta delta, Peer self, Collection<Peer> members, PeerPolicy policy) {
    boolean selfChanged = delta.changed().stream().anyMatch(p -> p.id().equals(self.id()));
    if (delta.full() || selfChanged) {
      return new View(delta.version(), true, Topology.peersOf(self, members, policy), List.of());
    }
    List<Peer> visible = Topology.peersOf(self, delta.changed(), policy);
    Set<String> removed = new TreeSet<>(delta.removed());
    delta.changed().stream().filter(p -> !Topology.arePeers(self, p, policy)).map(Peer::id).forEach(removed::add);
    removed.remove(self.id());
    return new View(delta.version(), false, visible, List.copyOf(removed));
  }
}
