package io.cvlan.api.v1alpha1;

/** Open: every member peers with every other. Isolated: two nodes peer only when they share a taint. */
public enum PeerPolicy {
  Open,
  Isolated
}
