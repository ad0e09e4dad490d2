package io.cvlan.agent.peers;

import io.cvlan.api.v1alpha1.PeerPolicy;
import io.cvlan.peers.CvlanSettings;
import io.cvlan.peers.Peer;
import io.cvlan.peers.Topology;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The CVLAN's members as this agent knows them, fed by either source (the peer ConfigMaps' full state or
 * the poll API's deltas), and the view for this node: who it peers with under the CVLAN's policy.
 * Not thread-safe: one source drives it.
 */
public final class PeerState {
  private final String selfId;
  private final Map<String, Peer> members = new TreeMap<>();
  private long version;
  private Optional<CvlanSettings> settings = Optional.empty();

  public PeerState(String selfId) {
    this.selfId = selfId;
  }

  /** The complete member list (a ConfigMap resync, or a poll answered with {@code full}). */
  public void replace(Collection<Peer> all, long version, Optional<CvlanSettings> settings) {
    members.clear();
    all.forEach(p -> members.put(p.id(), p));
    this.version = version;
    settings.ifPresent(s -> this.settings = Optional.of(s));
  }

  /** A delta from the poll API. */
  public void apply(Collection<Peer> changed, Collection<String> removed, long version, Optional<CvlanSettings> settings) {
    changed.forEach(p -> members.put(p.id(), p));
    removed.forEach(members::remove);
    this.version = Math.max(this.version, version);
    settings.ifPresent(s -> this.settings = Optional.of(s));
  }

  public long version() {
    return version;
  }

  /**
   * The peers of this node. The server already filters poll answers; ConfigMaps carry every member, so the
   * policy is applied here with this node's own entry (its taints), or Open if it is not listed yet.
   */
  public PeerView view(PeerPolicy policy) {
    Peer self = members.get(selfId);
    List<Peer> peers = self == null
        ? members.values().stream().filter(p -> !p.id().equals(selfId)).toList()
        : Topology.peersOf(self, members.values(), policy);
    return new PeerView(version, peers, settings);
  }
}
