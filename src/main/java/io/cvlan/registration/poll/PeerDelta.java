package io.cvlan.registration.poll;

import io.cvlan.peers.Peer;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a CVLAN's peer set did since a client's version: the peers added or changed and the ids removed, or
 * (when {@code full}) the whole set to replace what the client holds. Not yet filtered for one member.
 */
public record PeerDelta(long version, boolean full, List<Peer> changed, Set<String> removed) {
  public PeerDelta {
    changed = List.copyOf(changed);
    removed = Set.copyOf(new TreeSet<>(removed));
  }

  /** Nothing moved: the client is up to date. */
  public boolean empty() {
    return !full && changed.isEmpty() && removed.isEmpty();
  }
}
