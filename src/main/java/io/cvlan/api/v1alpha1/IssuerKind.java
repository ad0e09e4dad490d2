package io.cvlan.api.v1alpha1;

/** Kind of a cert-manager issuer. */
public enum IssuerKind {
  Issuer,
  ClusterIssuer
}
