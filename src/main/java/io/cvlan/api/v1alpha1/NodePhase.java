package io.cvlan.api.v1alpha1;

/** Lifecycle phase of a registered node. */
public enum NodePhase {
  Pending,
  Ready,
  Expired
}
