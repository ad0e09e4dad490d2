package io.cvlan.model;

/** Condition types and reasons of a RegistrationToken. */
public final class TokenConditions {
  public static final String READY = Conditions.READY;
  public static final String EXPIRED = "Expired";
  public static final String EXHAUSTED = "Exhausted";
  /** True while part of the spec is not applied, and kept out on purpose (the reason says which part). */
  public static final String SPEC_REFUSED = "SpecRefused";

  public static final String REASON_ISSUED = "Issued";
  public static final String REASON_INVALID_SPEC = "InvalidSpec";
  public static final String REASON_CVLAN_NOT_FOUND = "CVLANNotFound";
  public static final String REASON_CVLAN_NOT_READY = "CVLANNotReady";
  public static final String REASON_EXPIRED = "Expired";
  public static final String REASON_NOT_EXPIRED = "NotExpired";
  public static final String REASON_EXHAUSTED = "MaxUsesReached";
  public static final String REASON_USES_LEFT = "UsesLeft";
  public static final String REASON_SPEC_APPLIED = "SpecApplied";
  /** The spec asks for a later expiry than the token issued carries: it keeps its own. */
  public static final String REASON_EXPIRY_CHANGE_REFUSED = "ExpiryChangeRefused";
  /** Event: the key that signed the token is gone, and the token was signed again by the active key. */
  public static final String REASON_SIGNING_KEY_LOST = "SigningKeyLost";
  /** Event: the spec asks for an earlier expiry than issued, and the token was signed again to carry it. */
  public static final String REASON_EXPIRY_SHORTENED = "ExpiryShortened";
  public static final String REASON_RECONCILE_ERROR = Conditions.REASON_RECONCILE_ERROR;

  private TokenConditions() {}
}
