package io.cvlan.model;

/** Condition types and reasons of a RegistrationToken. */
public final class TokenConditions {
  public static final String READY = Conditions.READY;
  public static final String EXPIRED = "Expired";
  public static final String EXHAUSTED = "Exhausted";

  public static final String REASON_ISSUED = "Issued";
  public static final String REASON_INVALID_SPEC = "InvalidSpec";
  public static final String REASON_CVLAN_NOT_FOUND = "CVLANNotFound";
  public static final String REASON_CVLAN_NOT_READY = "CVLANNotReady";
  public static final String REASON_EXPIRED = "Expired";
  public static final String REASON_NOT_EXPIRED = "NotExpired";
  public static final String REASON_EXHAUSTED = "MaxUsesReached";
  public static final String REASON_USES_LEFT = "UsesLeft";
  public static final String REASON_RECONCILE_ERROR = Conditions.REASON_RECONCILE_ERROR;

  private TokenConditions() {}
}
