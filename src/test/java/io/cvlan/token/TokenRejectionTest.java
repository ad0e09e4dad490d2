package io.cvlan.token;

import static io.cvlan.token.TokenFixtures.CODEC;
import static io.cvlan.token.TokenFixtures.FIXED;
import static io.cvlan.token.TokenFixtures.NOW;
import static io.cvlan.token.TokenFixtures.b64;
import static io.cvlan.token.TokenFixtures.claims;
import static io.cvlan.token.TokenFixtures.forge;
import static io.cvlan.token.TokenFixtures.headerFor;
import static io.cvlan.token.TokenFixtures.json;
import static io.cvlan.token.TokenFixtures.keysOf;
import static io.cvlan.token.TokenFixtures.wireClaims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cvlan.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every way a token is refused, one error code each, through the full verification path. */
class TokenRejectionTest {
  private static final String SIGNATURE = b64(new byte[64]);

  private final KeyRing ring = TokenFixtures.ring();
  private final SigningKey key = ring.active();
  private final MutableClock clock = new MutableClock(NOW);
  private final TokenVerifier verifier = new TokenVerifier(keysOf(ring), clock);
  private final String valid = CODEC.sign(claims(), key);
  private final String[] segments = valid.split("\\.");
  private final String payload = segments[1];

  @Test
  void errorCodesAreStableLowercaseAndDistinct() {
    Set<String> codes = Arrays.stream(TokenError.values()).map(TokenError::code).collect(Collectors.toSet());

    assertThat(codes).hasSize(TokenError.values().length).allMatch(code -> code.matches("[a-z0-9_]+"));
    assertThat(TokenError.BAD_SIGNATURE.code()).isEqualTo("bad_signature");
  }

  @Test
  void tokenLongerThan512BytesIsTooLong() {
    assertRefused(valid + "A".repeat(513 - valid.length()), TokenError.TOO_LONG);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\u00e9", "\u0001", "\n", "\u007f", "\u0000"})
  void characterOutsidePrintableAsciiIsNotPrintable(String character) {
    assertRefused(segments[0] + character + "." + payload + "." + segments[2], TokenError.NOT_PRINTABLE);
  }

  @Test
  void twoSegmentsAreMalformed() {
    assertRefused(segments[0] + "." + payload, TokenError.MALFORMED);
  }

  @Test
  void fourSegmentsAreMalformed() {
    assertRefused(valid + ".AAAA", TokenError.MALFORMED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "..", "HEADER..SIG", ".PAYLOAD.SIG", "HEADER.PAYLOAD."})
  void emptySegmentsAreMalformed(String shape) {
    String token = shape.replace("HEADER", segments[0]).replace("PAYLOAD", payload).replace("SIG", segments[2]);

    assertRefused(token, TokenError.MALFORMED);
  }

  @Test
  void plusSignFromTheNonUrlAlphabetIsMalformedBase64() {
    assertRefused("+" + valid.substring(1), TokenError.MALFORMED_BASE64);
  }

  @Test
  void paddingIsMalformedBase64() {
    String padded = b64(headerFor(key.kid()).getBytes(StandardCharsets.UTF_8)) + "==";

    assertRefused(padded + "." + payload + "." + segments[2], TokenError.MALFORMED_BASE64);
  }

  @Test
  void nonZeroSpareBitsInTheLastSignatureCharacterAreMalformedBase64() {
    // 64 bytes end in one character carrying 2 data bits: 'A' + 1 keeps them and sets a spare bit.
    String last = segments[2].substring(85);
    char sibling = (char) (last.charAt(0) + 1);

    assertRefused(valid.substring(0, valid.length() - 1) + sibling, TokenError.MALFORMED_BASE64);
  }

  @Test
  void segmentWhoseLengthLeavesOneSpareCharacterIsMalformedBase64() {
    // A length of 4k + 1 characters cannot encode whole bytes.
    String header = segments[0] + "A".repeat((5 - segments[0].length() % 4) % 4);

    assertRefused(header + "." + payload + "." + segments[2], TokenError.MALFORMED_BASE64);
  }

  @Test
  void headerThatIsNotJsonIsMalformedJson() {
    assertRefused(b64("{\"alg\":\"EdDSA\",") + "." + payload + "." + segments[2], TokenError.MALFORMED_JSON);
  }

  @Test
  void payloadThatIsNotJsonIsMalformedJson() {
    assertRefused(forge(headerFor(key.kid()), "{\"tenant_id\":", key), TokenError.MALFORMED_JSON);
  }

  @Test
  void payloadThatIsAJsonArrayIsMalformedJson() {
    assertRefused(forge(headerFor(key.kid()), "[\"tenant_id\"]", key), TokenError.MALFORMED_JSON);
  }

  @Test
  void headerWithADuplicateNameIsMalformedJson() {
    String header = "{\"alg\":\"EdDSA\",\"kid\":\"" + key.kid() + "\",\"alg\":\"none\"}";

    assertRefused(forge(header, json(wireClaims(claims())), key), TokenError.MALFORMED_JSON);
  }

  @Test
  void algNoneWithEmptySignatureIsUnsupportedAlgorithm() {
    String header = b64("{\"alg\":\"none\",\"kid\":\"" + key.kid() + "\"}");

    assertRefused(header + "." + payload + ".", TokenError.UNSUPPORTED_ALGORITHM);
  }

  @Test
  void algNoneWithASignatureIsUnsupportedAlgorithm() {
    String header = b64("{\"alg\":\"none\",\"kid\":\"" + key.kid() + "\"}");

    assertRefused(header + "." + payload + "." + segments[2], TokenError.UNSUPPORTED_ALGORITHM);
  }

  @Test
  void hs256KeyedWithThePublicKeyIsUnsupportedAlgorithm() throws Exception {
    // The classic confusion: an HMAC keyed with the (public) verification key.
    String signingInput = b64("{\"alg\":\"HS256\",\"kid\":\"" + key.kid() + "\",\"typ\":\"JWT\"}") + "." + payload;
    Mac hmac = Mac.getInstance("HmacSHA256");
    hmac.init(new SecretKeySpec(key.publicKey(), "HmacSHA256"));
    String mac = b64(hmac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));

    assertRefused(signingInput + "." + mac, TokenError.UNSUPPORTED_ALGORITHM);
  }

  @Test
  void rs256IsUnsupportedAlgorithm() {
    assertRefused(forge("{\"alg\":\"RS256\",\"kid\":\"" + key.kid() + "\"}", json(wireClaims(claims())), key),
        TokenError.UNSUPPORTED_ALGORITHM);
  }

  @Test
  void missingAlgIsUnsupportedAlgorithm() {
    assertRefused(forge("{\"kid\":\"" + key.kid() + "\"}", json(wireClaims(claims())), key),
        TokenError.UNSUPPORTED_ALGORITHM);
  }

  @Test
  void critHeaderIsUnsupportedAlgorithm() {
    String header = "{\"alg\":\"EdDSA\",\"kid\":\"" + key.kid() + "\",\"crit\":[\"b64\"],\"b64\":false}";

    assertRefused(forge(header, json(wireClaims(claims())), key), TokenError.UNSUPPORTED_ALGORITHM);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"alg\":\"EdDSA\"}", "{\"alg\":\"EdDSA\",\"kid\":\"\"}", "{\"alg\":\"EdDSA\",\"kid\":7}"})
  void headerWithoutAKidIsMissingKid(String header) {
    assertRefused(forge(header, json(wireClaims(claims())), key), TokenError.MISSING_KID);
  }

  @Test
  void kidOfAKeyNotInTheRingIsUnknownKid() {
    SigningKey stranger = SigningKey.generate(FIXED, TokenFixtures.RANDOM);

    assertRefused(CODEC.sign(claims(), stranger), TokenError.UNKNOWN_KID);
  }

  @Test
  void kidThatCannotNameAnyKeyIsUnknownKid() {
    assertRefused(forge(headerFor("../../etc/passwd"), json(wireClaims(claims())), key), TokenError.UNKNOWN_KID);
  }

  @Test
  void tokenSignedByAnotherKeyUnderThisKidIsBadSignature() {
    SigningKey other = SigningKey.generate(FIXED, TokenFixtures.RANDOM);

    assertRefused(forge(headerFor(key.kid()), json(wireClaims(claims())), other), TokenError.BAD_SIGNATURE);
  }

  @Test
  void alteredClaimsUnderTheOriginalSignatureAreBadSignature() {
    Map<String, Object> wire = wireClaims(claims());
    wire.put("cvlan_id", "another-cvlan");
    String altered = forge(wire, key);

    assertRefused(altered.substring(0, altered.lastIndexOf('.') + 1) + segments[2], TokenError.BAD_SIGNATURE);
  }

  @Test
  void signatureOfTheWrongLengthIsBadSignature() {
    assertRefused(segments[0] + "." + payload + "." + b64(new byte[32]), TokenError.BAD_SIGNATURE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"tenant_id", "cvlan_id", "token_id", "kind", "created_at", "expires_at"})
  void absentClaimIsMissingClaimNamingIt(String claim) {
    Map<String, Object> wire = wireClaims(claims());
    wire.remove(claim);

    InvalidTokenException refused = assertRefused(forge(wire, key), TokenError.MISSING_CLAIM);

    assertThat(refused.claim()).contains(claim);
    assertThat(refused.getMessage()).contains(claim);
  }

  @ParameterizedTest
  @ValueSource(strings = {"created_at", "expires_at"})
  void timestampThatIsNotRfc3339IsInvalidClaimNamingIt(String claim) {
    Map<String, Object> wire = wireClaims(claims());
    wire.put(claim, "23/11/2026 10:00");

    InvalidTokenException refused = assertRefused(forge(wire, key), TokenError.INVALID_CLAIM);

    assertThat(refused.claim()).contains(claim);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Admin", "client", "vrouter"})
  void unknownKindIsInvalidClaim(String kind) {
    Map<String, Object> wire = wireClaims(claims());
    wire.put("kind", kind);

    assertThat(assertRefused(forge(wire, key), TokenError.INVALID_CLAIM).claim()).contains("kind");
  }

  @Test
  void claimThatIsNotAStringIsInvalidClaim() {
    Map<String, Object> wire = wireClaims(claims());
    wire.put("token_id", 42);

    assertThat(assertRefused(forge(wire, key), TokenError.INVALID_CLAIM).claim()).contains("token_id");
  }

  @Test
  void tokenAtItsExpiryIsExpired() {
    clock.set(claims().expiresAt());

    assertRefused(valid, TokenError.EXPIRED);
  }

  @Test
  void tokenCreatedMoreThanTheAllowedSkewInTheFutureIsNotYetValid() {
    clock.set(NOW.minus(TokenVerifier.ALLOWED_CLOCK_SKEW).minusSeconds(1));

    assertRefused(valid, TokenError.NOT_YET_VALID);
  }

  @Test
  void tokenCreatedWithinTheAllowedSkewInTheFutureIsAccepted() throws Exception {
    clock.set(NOW.minus(TokenVerifier.ALLOWED_CLOCK_SKEW));

    assertThat(verifier.verify(valid)).isEqualTo(claims());
  }

  @Test
  void expiryIsCheckedOnlyAfterTheSignature() {
    clock.advance(Duration.ofDays(2));
    SigningKey other = SigningKey.generate(FIXED, TokenFixtures.RANDOM);

    assertRefused(forge(headerFor(key.kid()), json(wireClaims(claims())), other), TokenError.BAD_SIGNATURE);
  }

  private InvalidTokenException assertRefused(String token, TokenError expected) {
    InvalidTokenException refused = catchThrowableOfType(InvalidTokenException.class,
        () -> verifier.verify(token));

    assertThat(refused).as("refusal of the token").isNotNull();
    assertThat(refused.error()).isEqualTo(expected);
    for (String segment : token.split("\\.")) {
      if (segment.length() >= 8) {
        assertThat(refused.getMessage()).doesNotContain(segment);
      }
    }
    return refused;
  }
}
