package io.cvlan.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Verifies registration tokens: syntax and size, then the signature, then expiry.
 *
 * <p>A reusable token is presented by every node that registers with it, so verified signatures are
 * cached. The cache holds a SHA-256 of the token (never its text), and a hit is only as good as the key
 * behind it: the kid must still resolve to the same public key, and expiry is checked against the clock on
 * every call. Whatever the caller checks after this (that the RegistrationToken still exists, its use count)
 * is not cached here. Thread-safe.
 */
public final class TokenVerifier {
  /** How far in the future {@code created_at} may lie, for clocks that disagree a little. */
  public static final Duration ALLOWED_CLOCK_SKEW = Duration.ofSeconds(60);
  public static final int DEFAULT_MAX_CACHED_TOKENS = 100_000;
  private static final int MAX_DECODED_KEYS = 10_000;

  private final TokenCodec codec = new TokenCodec();
  private final VerificationKeys keys;
  private final Clock clock;
  private final SignatureCheck signatures;
  private final Cache<TokenDigest, Verified> verified;

  public TokenVerifier(VerificationKeys keys, Clock clock) {
    this(keys, clock, DEFAULT_MAX_CACHED_TOKENS);
  }

  public TokenVerifier(VerificationKeys keys, Clock clock, int maxCachedTokens) {
    this(keys, clock, maxCachedTokens, new Ed25519PublicKeys(MAX_DECODED_KEYS));
  }

  TokenVerifier(VerificationKeys keys, Clock clock, int maxCachedTokens, SignatureCheck signatures) {
    this.keys = Objects.requireNonNull(keys, "keys are required");
    this.clock = Objects.requireNonNull(clock, "clock is required");
    this.signatures = Objects.requireNonNull(signatures, "signatures are required");
    this.verified = Caffeine.newBuilder()
        .maximumSize(maxCachedTokens)
        .expireAfter(new UntilTokenExpires(clock))
        // Maintenance on the calling thread: nothing escapes to the common pool.
        .executor(Runnable::run)
        .build();
  }

  /** Verifies {@code token}, answering from the cache of verified signatures when it can. */
  public TokenClaims verify(String token) throws InvalidTokenException {
    TokenCodec.checkEnvelope(token);
    TokenDigest digest = TokenDigest.of(token);
    Verified hit = verified.getIfPresent(digest);
    if (hit != null) {
      Optional<byte[]> current = keys.publicKey(hit.claims.tenantId(), hit.kid);
      if (current.isEmpty()) {
        verified.invalidate(digest);
        throw new InvalidTokenException(TokenError.UNKNOWN_KID);
      }
      if (Arrays.equals(current.get(), hit.publicKey)) {
        checkTime(hit.claims);
        return hit.claims;
      }
      // The kid now names other bytes (not possible with kids derived from keys, but the key source
      // is not ours to trust): forget the hit and verify afresh.
      verified.invalidate(digest);
    }
    Verified fresh = verifySignature(token);
    checkTime(fresh.claims);
    verified.put(digest, fresh);
    return fresh.claims;
  }

  /** Verifies {@code token} without consulting or filling the cache: the cold path. */
  public TokenClaims verifyUncached(String token) throws InvalidTokenException {
    Verified fresh = verifySignature(token);
    checkTime(fresh.claims);
    return fresh.claims;
  }

  /**
   * The claims of a token whose signature verifies, expired or not: what an issuer reads back from a token it
   * wrote (its expiry, even a past one, is a record of what was issued). Never admits anything: registration
   * goes through {@link #verify}. Uncached.
   */
  public TokenClaims signedClaims(String token) throws InvalidTokenException {
    return verifySignature(token).claims;
  }

  /** Forgets every cached verification made with key {@code kid}; call it when that key is removed. */
  public void invalidateKid(String kid) {
    verified.asMap().values().removeIf(entry -> entry.kid.equals(kid));
  }

  /** Forgets every cached verification. */
  public void invalidateAll() {
    verified.invalidateAll();
  }

  private Verified verifySignature(String token) throws InvalidTokenException {
    UnverifiedToken unverified = codec.parse(token);
    String kid = unverified.kid();
    byte[] publicKey = keys.publicKey(unverified.claims().tenantId(), kid)
        .orElseThrow(() -> new InvalidTokenException(TokenError.UNKNOWN_KID))
        .clone();
    if (!signatures.verifies(kid, publicKey, unverified)) {
      throw new InvalidTokenException(TokenError.BAD_SIGNATURE);
    }
    return new Verified(unverified.claims(), kid, publicKey);
  }

  private void checkTime(TokenClaims claims) throws InvalidTokenException {
    Instant now = clock.instant();
    if (!now.isBefore(claims.expiresAt())) {
      throw new InvalidTokenException(TokenError.EXPIRED);
    }
    if (claims.createdAt().isAfter(now.plus(ALLOWED_CLOCK_SKEW))) {
      throw new InvalidTokenException(TokenError.NOT_YET_VALID);
    }
  }

  /** What a successful verification established, and with which key. */
  private record Verified(TokenClaims claims, String kid, byte[] publicKey) {
  }

  /** SHA-256 of a token's bytes: identifies it in the cache without keeping a usable copy. */
  private record TokenDigest(byte[] sha256) {
    static TokenDigest of(String token) {
      try {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        return new TokenDigest(sha256.digest(token.getBytes(StandardCharsets.US_ASCII)));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is required of every Java platform", e);
      }
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof TokenDigest that && Arrays.equals(sha256, that.sha256);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(sha256);
    }
  }

  /** Entries live no longer than their token: an expired token's entry is dead weight. */
  private record UntilTokenExpires(Clock clock) implements Expiry<TokenDigest, Verified> {
    @Override
    public long expireAfterCreate(TokenDigest key, Verified value, long currentTime) {
      long seconds = Duration.between(clock.instant(), value.claims.expiresAt()).getSeconds();
      return TimeUnit.SECONDS.toNanos(Math.max(0, seconds)); // saturates instead of overflowing
    }

    @Override
    public long expireAfterUpdate(TokenDigest key, Verified value, long currentTime, long currentDuration) {
      return expireAfterCreate(key, value, currentTime);
    }

    @Override
    public long expireAfterRead(TokenDigest key, Verified value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
