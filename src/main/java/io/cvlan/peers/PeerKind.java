package io.cvlan.peers;

/** What a peer is; the constant names are the wire values ("node", "vrouter"). */
public enum PeerKind {
  node,
  vrouter
}
