package io.cvlan.token;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A tenant's signing keys: one active key signs new tokens, retired keys stay to verify the tokens they
 * signed until those expire. Immutable; every change returns a new ring for the caller to store.
 */
public record KeyRing(List<SigningKey> keys, String activeKid) {

  private static final ObjectMapper JSON = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      // A newer operator may add fields; an older one reading its Secret must not fail on them.
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  public KeyRing {
    keys = List.copyOf(Objects.requireNonNull(keys, "keys are required"));
    Objects.requireNonNull(activeKid, "activeKid is required");
    Set<String> kids = new HashSet<>();
    SigningKey active = null;
    for (SigningKey key : keys) {
      if (!kids.add(key.kid())) {
        throw new IllegalArgumentException("kid " + key.kid() + " appears twice");
      }
      if (key.kid().equals(activeKid)) {
        active = key;
      }
    }
    if (active == null) {
      throw new IllegalArgumentException("active kid " + activeKid + " is not in the ring");
    }
    if (active.retiredAt() != null) {
      throw new IllegalArgumentException("active key " + activeKid + " is retired");
    }
  }

  /** A ring with one freshly generated key. */
  public static KeyRing initial(Clock clock, SecureRandom random) {
    SigningKey key = SigningKey.generate(clock, random);
    return new KeyRing(List.of(key), key.kid());
  }

  /** The key that signs new tokens. */
  public SigningKey active() {
    return key(activeKid).orElseThrow();
  }

  public Optional<SigningKey> key(String kid) {
    return keys.stream().filter(key -> key.kid().equals(kid)).findFirst();
  }

  /** The public key for verification, retired keys included. */
  public Optional<byte[]> publicKey(String kid) {
    return key(kid).map(SigningKey::publicKey);
  }

  /** A new active key; the old one is retired now but kept to verify the tokens it already signed. */
  public KeyRing rotate(Clock clock, SecureRandom random) {
    SigningKey next = SigningKey.generate(clock, random);
    Instant now = clock.instant();
    List<SigningKey> rotated = new ArrayList<>(keys.size() + 1);
    for (SigningKey key : keys) {
      rotated.add(key.kid().equals(activeKid) ? key.retired(now) : key);
    }
    rotated.add(next);
    return new KeyRing(rotated, next.kid());
  }

  /** Records that key {@code kid} signed a token valid until {@code expiresAt}; call it for every token. */
  public KeyRing recordSigned(String kid, Instant expiresAt) {
    Objects.requireNonNull(expiresAt, "expiresAt is required");
    if (key(kid).isEmpty()) {
      throw new IllegalArgumentException("no key with kid " + kid);
    }
    List<SigningKey> updated = keys.stream()
        .map(key -> key.kid().equals(kid) ? key.signedThrough(expiresAt) : key)
        .toList();
    return new KeyRing(updated, activeKid);
  }

  /**
   * Drops retired keys that can no longer verify anything: those whose tokens have all expired, or that
   * never signed one. The active key always stays.
   */
  public KeyRing prune(Instant now) {
    List<SigningKey> kept = keys.stream()
        .filter(key -> key.retiredAt() == null
            || key.signedUntil() != null && key.signedUntil().isAfter(now))
        .toList();
    return kept.size() == keys.size() ? this : new KeyRing(kept, activeKid);
  }

  /** The ring as JSON, seeds included: store it only in a Secret. */
  public byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("key ring could not be written as JSON", e);
    }
  }

  /**
   * Reads a ring written by {@link #toJson()}.
   *
   * @throws IllegalArgumentException if the bytes are not a valid ring; the message never quotes the
   *                                  input (Jackson's messages can), and the cause is not attached for the
   *                                  same reason
   */
  public static KeyRing fromJson(byte[] json) {
    Objects.requireNonNull(json, "json is required");
    KeyRing ring;
    try {
      ring = JSON.readValue(json, KeyRing.class);
    } catch (ValueInstantiationException e) {
      // Thrown when one of our constructors refused the values; their messages name no key material.
      Throwable refusal = e.getCause() != null ? e.getCause() : e;
      String reason = refusal.getMessage() != null ? refusal.getMessage() : "a required value is missing";
      throw new IllegalArgumentException("key ring JSON is invalid: " + reason);
    } catch (IOException e) {
      throw new IllegalArgumentException("key ring JSON is invalid" + where(e));
    }
    if (ring == null) {
      throw new IllegalArgumentException("key ring JSON is invalid: empty or null");
    }
    return ring;
  }

  private static String where(IOException e) {
    if (e instanceof JsonProcessingException parse && parse.getLocation() != null) {
      JsonLocation at = parse.getLocation();
      return " near line " + at.getLineNr() + ", column " + at.getColumnNr();
    }
    return "";
  }
}
