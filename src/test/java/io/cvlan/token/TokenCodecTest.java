package io.cvlan.token;

import static io.cvlan.token.TokenFixtures.CODEC;
import static io.cvlan.token.TokenFixtures.CVLAN_UID;
import static io.cvlan.token.TokenFixtures.FIXED;
import static io.cvlan.token.TokenFixtures.NOW;
import static io.cvlan.token.TokenFixtures.TOKEN_UID;
import static io.cvlan.token.TokenFixtures.claims;
import static io.cvlan.token.TokenFixtures.keysOf;
import static io.cvlan.token.TokenFixtures.ring;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TokenCodecTest {
  private final KeyRing ring = ring();
  private final SigningKey key = ring.active();

  @Test
  void signedTokenVerifiesToTheSameClaims() throws Exception {
    String token = CODEC.sign(claims(), key);

    assertThat(new TokenVerifier(keysOf(ring), FIXED).verify(token)).isEqualTo(claims());
  }

  @ParameterizedTest
  @EnumSource(TokenKind.class)
  void tokenForA63CharacterNamespaceWithUidsFitsIn512PrintableBytes(TokenKind kind) {
    String token = CODEC.sign(TokenFixtures.longestClaims(kind), key);

    assertThat(token.getBytes(StandardCharsets.US_ASCII)).hasSizeLessThanOrEqualTo(512);
    assertThat(token).matches("[\\x21-\\x7e]+");
  }

  @Test
  void signRefusesClaimsTooLongForTheFormat() {
    TokenClaims twoLongNames = new TokenClaims("t".repeat(63), "c".repeat(63), TOKEN_UID, TokenKind.CLIENT,
        NOW, NOW.plus(Duration.ofDays(1)));

    assertThatThrownBy(() -> CODEC.sign(twoLongNames, key))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("512");
  }

  @Test
  void headerNamesEdDsaAndTheSigningKid() {
    String header = CODEC.sign(claims(), key).split("\\.")[0];

    assertThat(new String(Base64.getUrlDecoder().decode(header), StandardCharsets.UTF_8))
        .isEqualTo("{\"alg\":\"EdDSA\",\"kid\":\"" + key.kid() + "\"}");
  }

  @Test
  void payloadCarriesTheSixClaimsWithRfc3339Timestamps() {
    String payload = CODEC.sign(claims(TokenKind.VROUTER), key).split("\\.")[1];

    assertThat(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8)).isEqualTo(
        "{\"tenant_id\":\"" + TokenFixtures.TENANT + "\",\"cvlan_id\":\"" + CVLAN_UID
            + "\",\"token_id\":\"" + TOKEN_UID + "\",\"kind\":\"VRouter\","
            + "\"created_at\":\"2026-11-23T10:00:00Z\",\"expires_at\":\"2026-11-24T10:00:00Z\"}");
  }

  @Test
  void parseReturnsKidClaimsSigningInputAndSignature() throws Exception {
    String token = CODEC.sign(claims(), key);

    UnverifiedToken parsed = CODEC.parse(token);

    assertThat(parsed.kid()).isEqualTo(key.kid());
    assertThat(parsed.claims()).isEqualTo(claims());
    assertThat(new String(parsed.signingInput(), StandardCharsets.US_ASCII))
        .isEqualTo(token.substring(0, token.lastIndexOf('.')));
    assertThat(parsed.signature()).hasSize(64);
  }

  @Test
  void parseDoesNotCheckTheSignature() throws Exception {
    String token = CODEC.sign(claims(), key);
    String otherSignature = CODEC.sign(claims(TokenKind.VROUTER), key).split("\\.")[2];
    String mismatched = token.substring(0, token.lastIndexOf('.') + 1) + otherSignature;

    assertThat(CODEC.parse(mismatched).claims()).isEqualTo(claims());
  }

  @Test
  void claimsKeepWholeSecondsOnly() {
    TokenClaims claims = new TokenClaims("t", "c", "i", TokenKind.CLIENT,
        NOW.plusMillis(999), NOW.plusSeconds(60).plusNanos(1));

    assertThat(claims.createdAt()).isEqualTo(NOW);
    assertThat(claims.expiresAt()).isEqualTo(NOW.plusSeconds(60));
  }

  @Test
  void parsedTimestampsMayCarryAnOffset() throws Exception {
    var wire = TokenFixtures.wireClaims(claims());
    wire.put("created_at", "2026-11-23T11:00:00+01:00");

    UnverifiedToken parsed = CODEC.parse(TokenFixtures.forge(wire, key));

    assertThat(parsed.claims().createdAt()).isEqualTo(NOW);
  }
}
