package io.cvlan.token;

import static io.cvlan.token.TokenFixtures.CODEC;
import static io.cvlan.token.TokenFixtures.NOW;
import static io.cvlan.token.TokenFixtures.RANDOM;
import static io.cvlan.token.TokenFixtures.claims;
import static io.cvlan.token.TokenFixtures.keysOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cvlan.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyRingTest {
  private final MutableClock clock = new MutableClock(NOW);
  private final KeyRing ring = KeyRing.initial(clock, RANDOM);

  @Test
  void initialRingHoldsOneActiveKey() {
    assertThat(ring.keys()).containsExactly(ring.active());
    assertThat(ring.active().retiredAt()).isNull();
    assertThat(ring.active().createdAt()).isEqualTo(NOW);
  }

  @Test
  void rotatedRingSignsWithTheNewKidWhileOldTokensStillVerify() throws Exception {
    String oldToken = CODEC.sign(claims(), ring.active());
    clock.advance(Duration.ofHours(1));

    KeyRing rotated = ring.rotate(clock, RANDOM);
    String newToken = CODEC.sign(claims(TokenKind.VROUTER), rotated.active());

    TokenVerifier verifier = new TokenVerifier(keysOf(rotated), clock);
    assertThat(rotated.activeKid()).isNotEqualTo(ring.activeKid());
    assertThat(CODEC.parse(newToken).kid()).isEqualTo(rotated.activeKid());
    assertThat(verifier.verify(oldToken)).isEqualTo(claims());
    assertThat(verifier.verify(newToken)).isEqualTo(claims(TokenKind.VROUTER));
  }

  @Test
  void rotationRetiresThePreviousKeyNow() {
    clock.advance(Duration.ofHours(1));

    KeyRing rotated = ring.rotate(clock, RANDOM);

    assertThat(rotated.key(ring.activeKid()).orElseThrow().retiredAt()).isEqualTo(clock.instant());
    assertThat(rotated.active().retiredAt()).isNull();
    assertThat(rotated.keys()).hasSize(2);
  }

  @Test
  void recordSignedRaisesSignedUntilButNeverLowersIt() {
    Instant later = NOW.plus(Duration.ofDays(7));

    KeyRing recorded = ring.recordSigned(ring.activeKid(), later).recordSigned(ring.activeKid(), NOW);

    assertThat(recorded.active().signedUntil()).isEqualTo(later);
  }

  @Test
  void recordSignedForAnUnknownKidIsRefused() {
    assertThatThrownBy(() -> ring.recordSigned("0123456789abcdef", NOW))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pruneKeepsARetiredKeyUntilTheLastTokenItSignedExpires() {
    Instant expiresAt = NOW.plus(Duration.ofDays(1));
    KeyRing rotated = ring.recordSigned(ring.activeKid(), expiresAt).rotate(clock, RANDOM);

    assertThat(rotated.prune(expiresAt.minusSeconds(1)).keys()).hasSize(2);
    assertThat(rotated.prune(expiresAt).keys()).containsExactly(rotated.active());
  }

  @Test
  void pruneDropsARetiredKeyThatSignedNothing() {
    KeyRing rotated = ring.rotate(clock, RANDOM);

    assertThat(rotated.prune(NOW).keys()).containsExactly(rotated.active());
  }

  @Test
  void pruneNeverDropsTheActiveKey() {
    assertThat(ring.prune(NOW.plus(Duration.ofDays(10_000)))).isEqualTo(ring);
  }

  @Test
  void jsonRoundTripGivesAnEqualRing() {
    KeyRing full = ring.recordSigned(ring.activeKid(), NOW.plus(Duration.ofDays(1))).rotate(clock, RANDOM);

    assertThat(KeyRing.fromJson(full.toJson())).isEqualTo(full);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not json", "null", "[]", "{}", "{\"keys\":[],\"activeKid\":\"x\"}",
      "{\"keys\":[null],\"activeKid\":\"x\"}", "{\"keys\":[{\"kid\":\"k\",\"seed\":\"!!\"}]}"})
  void fromJsonOfGarbageIsAnIllegalArgument(String json) {
    assertThatThrownBy(() -> KeyRing.fromJson(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("key ring JSON is invalid")
        .hasNoCause();
  }

  @Test
  void fromJsonRefusesASeedThatDoesNotMatchItsPublicKeyWithoutQuotingIt() throws Exception {
    byte[] otherSeed = SigningKey.generate(clock, RANDOM).seed();
    ObjectNode json = (ObjectNode) new ObjectMapper().readTree(ring.toJson());
    ((ObjectNode) ((ArrayNode) json.get("keys")).get(0)).put("seed", otherSeed);

    assertThatThrownBy(() -> KeyRing.fromJson(new ObjectMapper().writeValueAsBytes(json)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not belong to its seed")
        .satisfies(refusal -> assertThat(refusal.getMessage()).doesNotContain(renderings(otherSeed)));
  }

  @Test
  void fromJsonRefusesAnActiveKidThatIsNotInTheRing() throws Exception {
    ObjectNode json = (ObjectNode) new ObjectMapper().readTree(ring.toJson());
    json.put("activeKid", "0123456789abcdef");

    assertThatThrownBy(() -> KeyRing.fromJson(new ObjectMapper().writeValueAsBytes(json)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not in the ring");
  }

  @Test
  void toStringOfKeyAndRingNeverShowsTheSeed() {
    byte[] seed = ring.active().seed();

    assertThat(ring.active().toString()).doesNotContain(renderings(seed)).contains(ring.activeKid());
    assertThat(ring.toString()).doesNotContain(renderings(seed));
  }

  /** The ways a seed could end up in text. */
  private static List<String> renderings(byte[] seed) {
    return List.of(
        Base64.getEncoder().encodeToString(seed),
        Base64.getUrlEncoder().withoutPadding().encodeToString(seed),
        HexFormat.of().formatHex(seed),
        HexFormat.of().withUpperCase().formatHex(seed),
        Arrays.toString(seed));
  }
}
