package io.cvlan.model;

/** Condition types and reasons of a CVLAN. */
public final class CvlanConditions {
  public static final String READY = Conditions.READY;
  public static final String EXHAUSTED = "Exhausted";
  public static final String OVERLAPPING = "Overlapping";
  public static final String CERTIFICATES = "CertificatesReady";

  public static final String REASON_READY = "Ready";
  public static final String REASON_INVALID_SPEC = "InvalidSpec";
  public static final String REASON_CIDR_OVERLAP = "CIDROverlap";
  public static final String REASON_NO_OVERLAP = "NoOverlap";
  public static final String REASON_ADDRESSES_FREE = "AddressesFree";
  public static final String REASON_NO_FREE_ADDRESSES = "NoFreeAddresses";
  public static final String REASON_BUILT_IN_CA = "BuiltInCA";
  public static final String REASON_CERT_MANAGER = "CertManager";
  public static final String REASON_CERT_MANAGER_NOT_INSTALLED = "CertManagerNotInstalled";
  public static final String REASON_RECONCILE_ERROR = Conditions.REASON_RECONCILE_ERROR;

  private CvlanConditions() {}
}
