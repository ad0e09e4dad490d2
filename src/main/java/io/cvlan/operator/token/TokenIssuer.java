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
import io.cvlan.token.TokenError;
import io.cvlan.token.TokenVerifier;
import io.cvlan.token.UnverifiedToken;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Decides the token text for a resource: the one already issued while it still verifies and says what the
 * resource wants, otherwise a fresh signature by the tenant's active key. A token whose key is gone is
 * signed again under the same token id: the id is the resource's uid, which the registration API looks the
 * token up by and counts its uses on, so a one-time token already spent stays spent.
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

  /**
   * The {@code issued} token while the tenant's keys verify it and {@code keep} accepts its claims; else
   * {@code wanted}, signed by the active key — saying so when the key of the token held before is gone.
   */
  public SignedToken tokenFor(String tenant, Optional<String> issued, Predicate<TokenClaims> keep, Supplier<TokenClaims> wanted) {
    Optional<IssuedToken> seen = issued.flatMap(text -> inspect(tenant, text));
    if (seen.isPresent() && seen.get().standing() == IssuedToken.Standing.VALID && keep.test(seen.get().claims())) {
      return new SignedToken(issued.get(), seen.get().kid(), seen.get().claims().expiresAt(), SignedToken.Origin.KEPT);
    }
    boolean keyLost = seen.filter(t -> t.standing() == IssuedToken.Standing.KEY_LOST).isPresent();
    return sign(wanted.get(), keyLost ? SignedToken.Origin.REPLACES_LOST_KEY : SignedToken.Origin.SIGNED);
  }

  /**
   * What the tenant's keys say of a token found in a Secret: valid, expired, or signed by a key that is gone;
   * empty for anything else (not a token, another tenant's, a signature that does not verify).
   */
  public Optional<IssuedToken> inspect(String tenant, String text) {
    UnverifiedToken parsed;
    try {
      parsed = CODEC.parse(text);
    } catch (InvalidTokenException e) {
      return Optional.empty();
    }
    if (!tenant.equals(parsed.claims().tenantId())) {
      return Optional.empty();
    }
    Optional<KeyRing> ring = keys.ring(tenant);
    if (ring.flatMap(r -> r.publicKey(parsed.kid())).isEmpty()) {
      return Optional.of(new IssuedToken(parsed.kid(), parsed.claims(), IssuedToken.Standing.KEY_LOST));
    }
    TokenVerifier verifier = new TokenVerifier((t, kid) -> ring.get().publicKey(kid), clock);
    try {
      return Optional.of(new IssuedToken(parsed.kid(), verifier.verifyUncached(text), IssuedToken.Standing.VALID));
    } catch (InvalidTokenException e) {
      if (e.error() != TokenError.EXPIRED) {
        return Optional.empty();
      }
    }
    try {
      return Optional.of(new IssuedToken(parsed.kid(), verifier.signedClaims(text), IssuedToken.Standing.EXPIRED));
    } catch (InvalidTokenException e) {
      return Optional.empty();
    }
  }

  /**
   * Signs with the tenant's active key. The key ring learns how long the key's tokens live before the
   * token is handed out: a Secret write that then fails leaves a key kept a little longer, never a token
   * whose key was dropped.
   */
  private SignedToken sign(TokenClaims claims, SignedToken.Origin origin) {
    SigningKey key = keys.signingRing(claims.tenantId()).active();
    String text = CODEC.sign(claims, key);
    keys.recordSigned(claims.tenantId(), key.kid(), claims.expiresAt());
    return new SignedToken(text, key.kid(), claims.expiresAt(), origin);
  }
}
