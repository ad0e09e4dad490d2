package io.cvlan.token;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Writes and reads registration tokens: compact JWS, {@code alg: EdDSA} only.
 *
 * <p>{@link #parse} checks syntax only and leaves the signature to the caller, so that the checks run in the
 * order the design demands (syntax and size, then signature, then expiry) and a cache can sit between them.
 * Stateless and thread-safe.
 */
public final class TokenCodec {
  /** Longest accepted token, in bytes (= characters: tokens are printable ASCII). */
  public static final int MAX_TOKEN_BYTES = 512;
  /** The only {@code alg} accepted; anything else ({@code none}, HMAC, RSA) is refused before any crypto. */
  public static final String ALGORITHM = "EdDSA";

  static final String TENANT_ID = "tenant_id";
  static final String CVLAN_ID = "cvlan_id";
  static final String TOKEN_ID = "token_id";
  static final String KIND = "kind";
  static final String CREATED_AT = "created_at";
  static final String EXPIRES_AT = "expires_at";

  private static final int SIGNATURE_CHARS = 86; // 64 bytes, unpadded base64url
  private static final ObjectMapper JSON = JsonMapper.builder()
      // Two values for one name could be read differently by another parser: refuse them.
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();
  private static final ObjectReader TREE = JSON.reader();

  /**
   * Signs {@code claims} with {@code key}.
   *
   * @throws IllegalArgumentException if the token would exceed {@link #MAX_TOKEN_BYTES}: the ids are too
   *                                  long for the format, and no verifier would accept the result
   */
  public String sign(TokenClaims claims, SigningKey key) {
    // No "typ": it is optional (RFC 7515 §4.1.9), nothing here reads it, and its 16 characters are what
    // lets a 63-character tenant_id with uid-length cvlan_id and token_id fit in 512 bytes.
    ObjectNode header = JSON.createObjectNode()
        .put("alg", ALGORITHM)
        .put("kid", key.kid());
    ObjectNode payload = JSON.createObjectNode()
        .put(TENANT_ID, claims.tenantId())
        .put(CVLAN_ID, claims.cvlanId())
        .put(TOKEN_ID, claims.tokenId())
        .put(KIND, claims.kind().wireValue())
        .put(CREATED_AT, DateTimeFormatter.ISO_INSTANT.format(claims.createdAt()))
        .put(EXPIRES_AT, DateTimeFormatter.ISO_INSTANT.format(claims.expiresAt()));
    String signingInput = Base64Url.encode(bytes(header)) + "." + Base64Url.encode(bytes(payload));
    int length = signingInput.length() + 1 + SIGNATURE_CHARS;
    if (length > MAX_TOKEN_BYTES) {
      throw new IllegalArgumentException("token would be " + length + " bytes, more than "
          + MAX_TOKEN_BYTES + "; shorten tenant_id, cvlan_id or token_id");
    }
    byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
    key.sign(signingInput.getBytes(StandardCharsets.US_ASCII), signature);
    return signingInput + "." + Base64Url.encode(signature);
  }

  /**
   * Checks everything but the signature and the time: size, characters, structure, base64url, JSON,
   * algorithm, kid and claims. The result must still be verified before anything in it is trusted.
   */
  public UnverifiedToken parse(String token) throws InvalidTokenException {
    checkEnvelope(token);
    int firstDot = token.indexOf('.');
    int secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
    if (secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0) {
      throw new InvalidTokenException(TokenError.MALFORMED);
    }
    if (firstDot == 0 || secondDot == firstDot + 1) {
      throw new InvalidTokenException(TokenError.MALFORMED);
    }
    String kid = readHeader(object(Base64Url.decode(token, 0, firstDot)));
    // Checked after the header so that "alg: none" with an empty signature reports the algorithm.
    if (secondDot == token.length() - 1) {
      throw new InvalidTokenException(TokenError.MALFORMED);
    }
    TokenClaims claims = readClaims(object(Base64Url.decode(token, firstDot + 1, secondDot)));
    byte[] signature = Base64Url.decode(token, secondDot + 1, token.length());
    if (signature.length != Ed25519.SIGNATURE_SIZE) {
      throw new InvalidTokenException(TokenError.BAD_SIGNATURE);
    }
    byte[] signingInput = token.substring(0, secondDot).getBytes(StandardCharsets.US_ASCII);
    return new UnverifiedToken(kid, claims, signingInput, signature);
  }

  /**
   * The checks that need no decoding: present, at most {@link #MAX_TOKEN_BYTES}, printable ASCII. After
   * them the token's characters are its bytes, so it can be hashed as ASCII without ambiguity.
   */
  static void checkEnvelope(String token) throws InvalidTokenException {
    if (token == null || token.isEmpty()) {
      throw new InvalidTokenException(TokenError.MALFORMED);
    }
    if (token.length() > MAX_TOKEN_BYTES) {
      throw new InvalidTokenException(TokenError.TOO_LONG);
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new InvalidTokenException(TokenError.NOT_PRINTABLE);
      }
    }
  }

  private static String readHeader(JsonNode header) throws InvalidTokenException {
    JsonNode alg = header.get("alg");
    if (alg == null || !ALGORITHM.equals(alg.textValue()) || header.has("crit")) {
      throw new InvalidTokenException(TokenError.UNSUPPORTED_ALGORITHM);
    }
    JsonNode kid = header.get("kid");
    if (kid == null || !kid.isTextual() || kid.textValue().isEmpty()) {
      throw new InvalidTokenException(TokenError.MISSING_KID);
    }
    if (!isKid(kid.textValue())) {
      // Not the shape of any kid this codec issues, so no key can match; it never reaches a lookup.
      throw new InvalidTokenException(TokenError.UNKNOWN_KID);
    }
    return kid.textValue();
  }

  private static boolean isKid(String text) {
    if (text.length() != SigningKey.KID_HEX_LENGTH) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  private static TokenClaims readClaims(JsonNode payload) throws InvalidTokenException {
    String tenantId = text(payload, TENANT_ID);
    String cvlanId = text(payload, CVLAN_ID);
    String tokenId = text(payload, TOKEN_ID);
    String kindText = text(payload, KIND);
    String createdAt = text(payload, CREATED_AT);
    String expiresAt = text(payload, EXPIRES_AT);
    TokenKind kind = TokenKind.parse(kindText)
        .orElseThrow(() -> new InvalidTokenException(TokenError.INVALID_CLAIM, KIND));
    return new TokenClaims(tenantId, cvlanId, tokenId, kind,
        instant(createdAt, CREATED_AT), instant(expiresAt, EXPIRES_AT));
  }

  private static String text(JsonNode payload, String claim) throws InvalidTokenException {
    JsonNode value = payload.get(claim);
    if (value == null || value.isNull()) {
      throw new InvalidTokenException(TokenError.MISSING_CLAIM, claim);
    }
    if (!value.isTextual() || value.textValue().isEmpty()) {
      throw new InvalidTokenException(TokenError.INVALID_CLAIM, claim);
    }
    return value.textValue();
  }

  private static Instant instant(String text, String claim) throws InvalidTokenException {
    try {
      return DateTimeFormatter.ISO_INSTANT.parse(text, Instant::from);
    } catch (DateTimeParseException e) {
      throw new InvalidTokenException(TokenError.INVALID_CLAIM, claim);
    }
  }

  private static JsonNode object(byte[] json) throws InvalidTokenException {
    JsonNode node;
    try {
      node = TREE.readTree(json);
    } catch (IOException e) {
      throw new InvalidTokenException(TokenError.MALFORMED_JSON);
    }
    if (node == null || !node.isObject()) {
      throw new InvalidTokenException(TokenError.MALFORMED_JSON);
    }
    return node;
  }

  private static byte[] bytes(ObjectNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON object of strings could not be written", e);
    }
  }
}
