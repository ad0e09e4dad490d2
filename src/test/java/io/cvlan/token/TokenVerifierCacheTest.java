package io.cvlan.token;

import static io.cvlan.token.TokenFixtures.CODEC;
import static io.cvlan.token.TokenFixtures.NOW;
import static io.cvlan.token.TokenFixtures.RANDOM;
import static io.cvlan.token.TokenFixtures.claims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cvlan.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The cache of verified signatures saves the Ed25519 work and nothing else. */
class TokenVerifierCacheTest {
  private final MutableClock clock = new MutableClock(NOW);
  private final KeyRing ring = KeyRing.initial(clock, RANDOM);
  private final String kid = ring.active().kid();
  /** What the key source answers, by kid; tests change it to rotate, remove or swap keys. */
  private final Map<String, byte[]> published = new ConcurrentHashMap<>();
  private final List<String> lookedUpTenants = new ArrayList<>();
  private final VerificationKeys keys = (tenantId, kid) -> {
    lookedUpTenants.add(tenantId);
    return Optional.ofNullable(published.get(kid));
  };
  private final SignatureCheck ed25519 = new Ed25519PublicKeys(100);
  private final AtomicInteger signatureChecks = new AtomicInteger();
  private final TokenVerifier verifier = new TokenVerifier(keys, clock, 1_000, (kid, publicKey, token) -> {
    signatureChecks.incrementAndGet();
    return ed25519.verifies(kid, publicKey, token);
  });
  private final String token = CODEC.sign(claims(), ring.active());

  TokenVerifierCacheTest() {
    publish(ring);
  }

  @Test
  void secondVerificationOfTheSameTokenSkipsTheSignatureCheck() throws Exception {
    verifier.verify(token);

    assertThat(verifier.verify(token)).isEqualTo(claims());
    assertThat(signatureChecks).hasValue(1);
  }

  @Test
  void verifyUncachedChecksTheSignatureEveryTime() throws Exception {
    verifier.verify(token);
    verifier.verifyUncached(token);
    verifier.verifyUncached(token);

    assertThat(signatureChecks).hasValue(3);
  }

  @Test
  void cachedTokenIsRefusedOnceItExpires() throws Exception {
    verifier.verify(token);
    clock.set(claims().expiresAt());

    assertRefused(token, TokenError.EXPIRED);
    assertThat(signatureChecks).hasValue(1);
  }

  @Test
  void cachedTokenIsRefusedWhenTheClockIsSetBackBeforeItsCreation() throws Exception {
    verifier.verify(token);
    clock.set(NOW.minus(Duration.ofHours(1)));

    assertRefused(token, TokenError.NOT_YET_VALID);
    assertThat(signatureChecks).hasValue(1);
  }

  @Test
  void cachedTokenOfARemovedKeyIsUnknownKid() throws Exception {
    verifier.verify(token);
    clock.advance(Duration.ofMinutes(1));

    publish(ring.rotate(clock, RANDOM).prune(clock.instant()));

    assertRefused(token, TokenError.UNKNOWN_KID);
  }

  @Test
  void cachedTokenIsRefusedWhenItsKidResolvesToNothing() throws Exception {
    verifier.verify(token);

    published.remove(kid);

    assertRefused(token, TokenError.UNKNOWN_KID);
  }

  @Test
  void cachedTokenWhoseKidNowResolvesToOtherBytesIsCheckedAgainAndRefused() throws Exception {
    verifier.verify(token);

    published.put(kid, SigningKey.generate(clock, RANDOM).publicKey());

    assertRefused(token, TokenError.BAD_SIGNATURE);
    assertThat(signatureChecks).hasValue(2);
  }

  @Test
  void rotationKeepsCachedTokensOfTheRetiredKeyValid() throws Exception {
    verifier.verify(token);

    publish(ring.recordSigned(kid, claims().expiresAt()).rotate(clock, RANDOM).prune(clock.instant()));

    assertThat(verifier.verify(token)).isEqualTo(claims());
    assertThat(signatureChecks).hasValue(1);
  }

  @Test
  void invalidatingAKidForgetsItsVerifiedTokens() throws Exception {
    verifier.verify(token);

    verifier.invalidateKid(kid);
    verifier.verify(token);

    assertThat(signatureChecks).hasValue(2);
  }

  @Test
  void invalidatingAnotherKidKeepsTheseTokensCached() throws Exception {
    verifier.verify(token);

    verifier.invalidateKid("0123456789abcdef");
    verifier.verify(token);

    assertThat(signatureChecks).hasValue(1);
  }

  @Test
  void refusedTokensAreNotCached() throws Exception {
    String forged = token.substring(0, token.lastIndexOf('.') + 1)
        + CODEC.sign(claims(TokenKind.VROUTER), ring.active()).split("\\.")[2];

    assertRefused(forged, TokenError.BAD_SIGNATURE);
    assertRefused(forged, TokenError.BAD_SIGNATURE);
    assertThat(signatureChecks).hasValue(2);
  }

  @Test
  void keysAreLookedUpUnderTheTokensTenantOnEveryCall() throws Exception {
    verifier.verify(token);
    verifier.verify(token);

    assertThat(lookedUpTenants).containsExactly(TokenFixtures.TENANT, TokenFixtures.TENANT);
  }

  private void publish(KeyRing keyRing) {
    published.clear();
    keyRing.keys().forEach(key -> published.put(key.kid(), key.publicKey()));
  }

  private void assertRefused(String token, TokenError expected) {
    assertThatThrownBy(() -> verifier.verify(token))
        .isInstanceOfSatisfying(InvalidTokenException.class,
            refused -> assertThat(refused.error()).isEqualTo(expected));
  }
}
