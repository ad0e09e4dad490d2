package io.cvlan.operator.token;

import io.cvlan.token.TokenClaims;

/**
 * A token found in a token Secret, as the tenant's signing keys see it now. It keeps no token text.
 *
 * @param kid      the key id its header names
 * @param claims   its claims; checked against its signature unless {@link Standing#KEY_LOST}
 * @param standing what the keys say of it
 */
public record IssuedToken(String kid, TokenClaims claims, Standing standing) {
  public enum Standing {
    /** Its key verifies it and it has not expired. */
    VALID,
    /** Its key verifies it, and it has expired. */
    EXPIRED,
    /**
     * The key it names is no longer among the tenant's keys (the key Secret was deleted or the key taken out):
     * no copy of it verifies anywhere any more, and its claims cannot be checked.
     */
    KEY_LOST
  }
}
