package io.cvlan.model;

/** Condition types and reasons of a Node (and, where they apply, a VRouter). */
public final class NodeConditions {
  public static final String READY = Conditions.READY;
  public static final String ADDRESSES = "AddressesAllocated";
  public static final String CERTIFICATE = "CertificateIssued";

  public static final String REASON_READY = "Ready";
  public static final String REASON_CVLAN_NOT_FOUND = "CVLANNotFound";
  public static final String REASON_CVLAN_NOT_READY = "CVLANNotReady";
  public static final String REASON_ALLOCATED = "Allocated";
  public static final String REASON_EXHAUSTED = "CVLANExhausted";
  /** The address the node was told is claimed by another holder (a claim deleted by hand and taken). */
  public static final String REASON_ADDRESS_CONFLICT = "AddressConflict";
  public static final String REASON_ISSUED = "Issued";
  public static final String REASON_INVALID_CSR = "InvalidCSR";
  public static final String REASON_PENDING = "Pending";
  public static final String REASON_EXPIRED = "Expired";
  /** An event only: the node is gone, there is no condition left to carry it. */
  public static final String REASON_EPHEMERAL_DELETED = "EphemeralNodeDeleted";
  /** The CVLAN incarnation the Node belonged to is gone (deleted, or re-created under its name). */
  public static final String REASON_CVLAN_DELETED = "CVLANDeleted";
  public static final String REASON_RECONCILE_ERROR = Conditions.REASON_RECONCILE_ERROR;

  private NodeConditions() {}
}
