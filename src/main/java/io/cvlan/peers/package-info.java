/**
 * Peers of a CVLAN: the wire format ({@link io.cvlan.peers.PeerCodec}), who peers with whom
 * ({@link io.cvlan.peers.Topology}), how the peer set is split into ConfigMaps ({@link io.cvlan.peers.PeerShards},
 * {@link io.cvlan.peers.PeerConfigMaps}) — all pure — and the thin writer of those ConfigMaps
 * ({@link io.cvlan.peers.PeerShardWriter}). The operator, the registration API and the agent build on this
 * package; it imports nothing of theirs.
 */
package io.cvlan.peers;
