package io.cvlan.operator.token;

import io.cvlan.token.store.SigningKeyStore;
import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.RegistrationToken;
import io.cvlan.token.InvalidTokenException;
import io.cvlan.token.KeyRing;
import io.cvlan.token.TokenClaims;
import io.cvlan.token.TokenCodec;
import io.cvlan.token.TokenKind;
import io.cvlan.token.TokenVerifier;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides the token text for a RegistrationToken: the one already issued while it still verifies and says
 * what the resource says, otherwise a fresh signature by the tenant's active key.
 */
public final class TokenIssuer {
  private static final TokenCodec CODEC = new TokenCodec();

  private final SigningKeyStore keys;
  private final Clock clock;

  public TokenIssuer(SigningKeyStore keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  /**
   * cvlan_id is the CVLAN's uid, not its name: a 36-character uid keeps every token under 512 bytes even
   * with a 63-character namespace, and a CVLAN deleted and re-created under the same name admits no old token.
   */
  public static TokenClaims claimsFor(RegistrationToken token, CVLAN cvlan, Instant expiresAt) {
    return new TokenClaims(
        token.getMetadata().getNamespace(),
        cvlan.getMetadata().getUid(),
        token.getMetadata().getUid(),
        TokenKind.CLIENT,
        Instant.parse(token.getMetadata().getCreationTimestamp()),
        expiresAt);
  }

  public String tokenFor(TokenClaims wanted, Optional<String> issued) {
    return issued.filter(text -> verified(wanted.tenantId(), text).filter(wanted::equals).isPresent())
        .orElseGet(() -> sign(wanted));
  }

  public String sign(TokenClaims claims) {
    return CODEC.sign(claims, keys.signingRing(claims.tenantId()).active());
  }

  /** The claims of a token the tenant's keys signed and that has not expired; empty for anything else. */
  public Optional<TokenClaims> verified(String tenant, String text) {
    Optional<KeyRing> ring = keys.ring(tenant);
    if (ring.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new TokenVerifier((t, kid) -> ring.get().publicKey(kid), clock).verifyUncached(text));
    } catch (InvalidTokenException e) {
      return Optional.empty();
    }
  }

  /** The kid in a token's header, for bookkeeping of which key signed what. */
  public static String signingKeyId(String token) {
    try {
      return CODEC.parse(token).kid();
    } catch (InvalidTokenException e) {
      throw new IllegalStateException("issued token does not parse: " + e.getMessage(), e);
    }
  }
}
