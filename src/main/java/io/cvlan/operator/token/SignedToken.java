package io.cvlan.operator.token;

import java.time.Instant;

/**
 * A token as the issuer hands it out: its text, the kid of the key that signed it, when it expires, and
 * whether it was kept from before or signed just now, and why. The text is a credential: it is never printed.
 */
public record SignedToken(String text, String kid, Instant expiresAt, Origin origin) {
  public enum Origin {
    /** The token the Secret already held: it verifies and says what is wanted. */
    KEPT,
    /** Signed now: the first token, or one whose claims changed or that no longer verified. */
    SIGNED,
    /** Signed now because the key that signed the token held before is gone: every copy of that one is dead. */
    REPLACES_LOST_KEY
  }

  /** Whether it was signed just now, so the Secret's token changes. */
  public boolean fresh() {
    return origin != Origin.KEPT;
  }

  @Override
  public String toString() {
    return "SignedToken[kid=" + kid + ", expiresAt=" + expiresAt + ", origin=" + origin + "]";
  }
}
