package io.cvlan.api.v1alpha1;

/** How a CVLAN picks the next free address. */
public enum AllocationStrategy {
  Sequential,
  Random
}
