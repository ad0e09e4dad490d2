package io.cvlan.operator.token;

import java.time.Instant;

/**
 * A token as the issuer hands it out: its text, the kid of the key that signed it, when it expires, and
 * whether it was signed just now or kept from before. The text is a credential: it is never printed.
 */
public record SignedToken(String text, String kid, Instant expiresAt, boolean fresh) {
  @Override
  public String toString() {
    return "SignedToken[kid=" + kid + ", expiresAt=" + expiresAt + ", fresh=" + fresh + "]";
  }
}
