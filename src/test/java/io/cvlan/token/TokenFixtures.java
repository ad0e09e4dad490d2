package io.cvlan.token;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** Shared fixtures: a fixed moment, realistic claims, and a way to build tokens the codec never would. */
final class TokenFixtures {
  static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  static final Clock FIXED = Clock.fixed(NOW, ZoneOffset.UTC);
  static final SecureRandom RANDOM = new SecureRandom();
  static final TokenCodec CODEC = new TokenCodec();

  static final String TENANT = "team-blue";
  /** A namespace name at the 63-character limit. */
  static final String LONGEST_TENANT = "tenant-" + "a".repeat(56);
  static final String CVLAN_UID = "3f0c2a4e-8b1d-4c6f-9e2a-7d5b1c0a9f31";
  static final String TOKEN_UID = "9b2e6f10-4c3a-4d8e-b7a1-2f5c8e9d0a46";

  private static final ObjectMapper JSON = new ObjectMapper();

  private TokenFixtures() {
  }

  /** Claims of a Client token created now, valid for a day. */
  static TokenClaims claims() {
    return claims(TokenKind.CLIENT);
  }

  static TokenClaims claims(TokenKind kind) {
    return new TokenClaims(TENANT, CVLAN_UID, TOKEN_UID, kind, NOW, NOW.plus(Duration.ofDays(1)));
  }

  /** The longest realistic claims: a namespace at the 63-character limit, uids for CVLAN and token. */
  static TokenClaims longestClaims(TokenKind kind) {
    return new TokenClaims(LONGEST_TENANT, CVLAN_UID, TOKEN_UID, kind, NOW, NOW.plus(Duration.ofDays(1)));
  }

  static KeyRing ring() {
    return KeyRing.initial(FIXED, RANDOM);
  }

  /** Keys that answer for every tenant from one ring. */
  static VerificationKeys keysOf(KeyRing ring) {
    return (tenantId, kid) -> ring.publicKey(kid);
  }

  /** The claims as they travel, by wire name, in the codec's order. */
  static Map<String, Object> wireClaims(TokenClaims claims) {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("tenant_id", claims.tenantId());
    wire.put("cvlan_id", claims.cvlanId());
    wire.put("token_id", claims.tokenId());
    wire.put("kind", claims.kind().wireValue());
    wire.put("created_at", claims.createdAt().toString());
    wire.put("expires_at", claims.expiresAt().toString());
    return wire;
  }

  static String headerFor(String kid) {
    return "{\"alg\":\"EdDSA\",\"kid\":\"" + kid + "\"}";
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String b64(String text) {
    return b64(text.getBytes(StandardCharsets.UTF_8));
  }

  static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A token with exactly this header and payload JSON, Ed25519-signed by {@code signer}. */
  static String forge(String headerJson, String payloadJson, SigningKey signer) {
    String signingInput = b64(headerJson) + "." + b64(payloadJson);
    byte[] message = signingInput.getBytes(StandardCharsets.US_ASCII);
    byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
    Ed25519.sign(signer.seed(), 0, message, 0, message.length, signature, 0);
    return signingInput + "." + b64(signature);
  }

  /** A correctly signed token whose payload is {@code wireClaims}, for claims the codec would not write. */
  static String forge(Map<String, Object> wireClaims, SigningKey signer) {
    return forge(headerFor(signer.kid()), json(wireClaims), signer);
  }
}
