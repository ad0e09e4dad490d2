package io.cvlan.token;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * One Ed25519 key of a tenant's key ring.
 *
 * <p>The constructor checks that the parts belong together (public key derived from the seed, kid derived
 * from the public key), so a corrupted Secret fails when it is read instead of yielding tokens that never
 * verify. Arrays are copied in and out: a record with arrays is otherwise mutable through its accessors.
 *
 * @param kid         first 16 hex characters of SHA-256(public key); a kid can never name another key
 * @param seed        the 32-byte Ed25519 private key (RFC 8032 seed)
 * @param publicKey   the 32-byte Ed25519 public key
 * @param createdAt   when the key was generated
 * @param retiredAt   when a newer key replaced it for signing; {@code null} while it is the signing key
 * @param signedUntil the latest {@code expires_at} of any token it signed; {@code null} if it signed none.
 *                    Once that moment has passed a retired key verifies nothing and can be pruned.
 */
public record SigningKey(
    String kid,
    byte[] seed,
    byte[] publicKey,
    Instant createdAt,
    Instant retiredAt,
    Instant signedUntil) {

  static final int KID_HEX_LENGTH = 16;

  public SigningKey {
    Objects.requireNonNull(kid, "kid is required");
    Objects.requireNonNull(seed, "seed is required");
    Objects.requireNonNull(publicKey, "publicKey is required");
    Objects.requireNonNull(createdAt, "createdAt is required");
    if (seed.length != Ed25519.SECRET_KEY_SIZE) {
      throw new IllegalArgumentException("seed must be " + Ed25519.SECRET_KEY_SIZE + " bytes");
    }
    if (publicKey.length != Ed25519.PUBLIC_KEY_SIZE) {
      throw new IllegalArgumentException("publicKey must be " + Ed25519.PUBLIC_KEY_SIZE + " bytes");
    }
    seed = seed.clone();
    publicKey = publicKey.clone();
    byte[] derived = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(seed, 0, derived, 0);
    if (!MessageDigest.isEqual(derived, publicKey)) {
      throw new IllegalArgumentException("publicKey of key " + kid + " does not belong to its seed");
    }
    if (!kid.equals(kidOf(publicKey))) {
      throw new IllegalArgumentException("kid " + kid + " does not match its public key");
    }
  }

  /** A fresh key, created now by {@code clock}. */
  public static SigningKey generate(Clock clock, SecureRandom random) {
    byte[] seed = new byte[Ed25519.SECRET_KEY_SIZE];
    Ed25519.generatePrivateKey(random, seed);
    byte[] publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(seed, 0, publicKey, 0);
    try {
      return new SigningKey(kidOf(publicKey), seed, publicKey, clock.instant(), null, null);
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }

  /** The kid of a public key: first 16 hex characters of its SHA-256. */
  public static String kidOf(byte[] publicKey) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(publicKey);
      return HexFormat.of().formatHex(digest, 0, KID_HEX_LENGTH / 2);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  @Override
  public byte[] seed() {
    return seed.clone();
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** Signs {@code message} into {@code signature} (64 bytes) without copying the seed out. */
  void sign(byte[] message, byte[] signature) {
    Ed25519.sign(seed, 0, publicKey, 0, message, 0, message.length, signature, 0);
  }

  SigningKey retired(Instant at) {
    return new SigningKey(kid, seed, publicKey, createdAt, at, signedUntil);
  }

  /** This key, remembering that it signed a token valid until {@code expiresAt}. */
  SigningKey signedThrough(Instant expiresAt) {
    if (signedUntil != null && !expiresAt.isAfter(signedUntil)) {
      return this;
    }
    return new SigningKey(kid, seed, publicKey, createdAt, retiredAt, expiresAt);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SigningKey that
        && kid.equals(that.kid)
        && MessageDigest.isEqual(seed, that.seed)
        && Arrays.equals(publicKey, that.publicKey)
        && createdAt.equals(that.createdAt)
        && Objects.equals(retiredAt, that.retiredAt)
        && Objects.equals(signedUntil, that.signedUntil);
  }

  @Override
  public int hashCode() {
    // The seed is left out on purpose: equal kids already imply equal seeds (checked in the constructor).
    return Objects.hash(kid, createdAt, retiredAt, signedUntil);
  }

  /** Never prints the seed; the kid identifies the key well enough for logs. */
  @Override
  public String toString() {
    return "SigningKey[kid=" + kid + ", createdAt=" + createdAt + ", retiredAt=" + retiredAt
        + ", signedUntil=" + signedUntil + "]";
  }
}
