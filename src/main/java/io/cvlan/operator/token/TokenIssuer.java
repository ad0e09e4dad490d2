package io.cvlan.operator.token;

import io.cvlan.token.store.SigningKeyStore;
import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.RegistrationToken;
import io.cvlan.token.InvalidTokenException;
import io.cvlan.token.KeyRing;
import io.cvlan.token.SigningKey;
import io.cvlan.token.TokenClaims;
import io.cvlan.token.TokenCodec;
import io.cvlan.token.TokenKind;
import io.cvlan.token.TokenVerifier;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Decides the token text for a resource: the one already issued while it still verifies and says what the
 * resource wants, otherwise a fresh signature by the tenant's active key.
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

  /** The {@code issued} token while the tenant's keys verify it and {@code keep} accepts its claims; else {@code wanted}, signed. */
  public SignedToken tokenFor(String tenant, Optional<String> issued, Predicate<TokenClaims> keep, Supplier<TokenClaims> wanted) {
    return issued.flatMap(text -> verified(tenant, text).filter(t -> keep.test(t.claims()))
            .map(t -> new SignedToken(text, t.kid(), t.claims().expiresAt(), false)))
        .orElseGet(() -> sign(wanted.get()));
  }

  /**
   * Signs with the tenant's active key. The key ring learns how long the key's tokens live before the
   * token is handed out: a Secret write that then fails leaves a key kept a little longer, never a token
   * whose key was dropped.
   */
  private SignedToken sign(TokenClaims claims) {
    SigningKey key = keys.signingRing(claims.tenantId()).active();
    String text = CODEC.sign(claims, key);
    keys.recordSigned(claims.tenantId(), key.kid(), claims.expiresAt());
    return new SignedToken(text, key.kid(), claims.expiresAt(), true);
  }

  private record Verified(String kid, TokenClaims claims) {
  }

  /** A token the tenant's keys signed and that has not expired, with the kid it names; empty for anything else. */
  private Optional<Verified> verified(String tenant, String text) {
    Optional<KeyRing> ring = keys.ring(tenant);
    if (ring.isEmpty()) {
      return Optional.empty();
    }
    try {
      TokenClaims claims = new TokenVerifier((t, kid) -> ring.get().publicKey(kid), clock).verifyUncached(text);
      return Optional.of(new Verified(CODEC.parse(text).kid(), claims));
    } catch (InvalidTokenException e) {
      return Optional.empty();
    }
  }
}
