package io.cvlan.agent.peers;

import io.cvlan.peers.CvlanSettings;
import io.cvlan.peers.Peer;
import java.util.List;
import java.util.Optional;

/** What the agent should program: the peers this node must have (already filtered) and the CVLAN settings. */
public record PeerView(long version, List<Peer> peers, Optional<CvlanSettings> settings) {
  public PeerView {
    peers = List.copyOf(peers);
  }
}
