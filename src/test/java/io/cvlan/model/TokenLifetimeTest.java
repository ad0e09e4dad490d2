package io.cvlan.model;

import static io.cvlan.testing.TestResources.CREATED;
import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.RegistrationToken;
import io.cvlan.api.v1alpha1.RegistrationTokenSpec;
import io.cvlan.api.v1alpha1.RegistrationTokenStatus;
import io.cvlan.model.TokenLifetime.Result;
import io.cvlan.testing.TestResources;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** When a RegistrationToken expires, from its spec and creation time, and never later than issued. */
class TokenLifetimeTest {
  static RegistrationToken token(Consumer<RegistrationTokenSpec> spec) {
    RegistrationToken token = TestResources.token("fleet", "blue");
    spec.accept(token.getSpec());
    return token;
  }

  @Test
  void withoutExpiresAtOrTtlTheTokenLivesADayFromCreation() {
    assertThat(TokenLifetime.expiresAt(token(spec -> {}))).isEqualTo(new Result.Valid(Instant.parse("2026-11-24T10:00:00Z")));
  }

  @ParameterizedTest(name = "ttl {0} -> {1}")
  @CsvSource({
      "1h,     2026-11-23T11:00:00Z",
      "90m,    2026-11-23T11:30:00Z",
      "1h30m,  2026-11-23T11:30:00Z",
      "720h,   2026-12-23T10:00:00Z",
      "45s,    2026-11-23T10:00:45Z",
  })
  void ttlCountsFromCreation(String ttl, Instant expected) {
    assertThat(TokenLifetime.expiresAt(token(spec -> spec.setTtl(ttl)))).isEqualTo(new Result.Valid(expected));
  }

  @Test
  void ttlCountsFromCreationNotFromWhenItIsRead() {
    RegistrationToken older = TestResources.createdAt(token(spec -> spec.setTtl("1h")), CREATED.minus(Duration.ofDays(3)));

    assertThat(TokenLifetime.expiresAt(older)).isEqualTo(new Result.Valid(Instant.parse("2026-11-20T11:00:00Z")));
  }

  @ParameterizedTest(name = "expiresAt {0} -> {1}")
  @CsvSource({
      "2030-01-31T12:00:00Z,       2030-01-31T12:00:00Z",
      "2030-01-31T13:00:00+01:00,  2030-01-31T12:00:00Z",
      "2030-01-31T12:00:00.5Z,     2030-01-31T12:00:00.500Z",
      // In the past is still a lifetime: the token is simply expired.
      "2020-01-01T00:00:00Z,       2020-01-01T00:00:00Z",
  })
  void expiresAtIsTheInstantWrittenWhateverTheCreationTime(String expiresAt, Instant expected) {
    assertThat(TokenLifetime.expiresAt(token(spec -> spec.setExpiresAt(expiresAt)))).isEqualTo(new Result.Valid(expected));
  }

  @Test
  void expiresAtAndTtlTogetherAreInvalid() {
    RegistrationToken both = token(spec -> {
      spec.setExpiresAt("2030-01-31T12:00:00Z");
      spec.setTtl("1h");
    });

    assertThat(TokenLifetime.expiresAt(both)).isEqualTo(new Result.Invalid("set expiresAt or ttl, not both"));
  }

  @ParameterizedTest(name = "expiresAt \"{0}\"")
  @ValueSource(strings = {"2030-01-31", "2030-01-31T12:00:00", "2030-01-31 12:00:00Z", "tomorrow", "",
      "2030-02-30T00:00:00Z", "2030-01-31T12:00Z", "2030-01-31T12:00:00.1234567890Z"})
  void expiresAtThatIsNotAnRfc3339TimeIsInvalid(String expiresAt) {
    assertThat(TokenLifetime.expiresAt(token(spec -> spec.setExpiresAt(expiresAt)))).isEqualTo(new Result.Invalid(
        "expiresAt \"" + expiresAt + "\" is not an RFC 3339 time (e.g. 2030-01-31T12:00:00Z)"));
  }

  @ParameterizedTest(name = "ttl \"{0}\"")
  @ValueSource(strings = {"24", "soon", "", "h", "1.5h", "-1h", "1.0h", "1d", " 1h"})
  void ttlThatIsNotADurationIsInvalid(String ttl) {
    assertThat(TokenLifetime.expiresAt(token(spec -> spec.setTtl(ttl))))
        .isEqualTo(new Result.Invalid("ttl \"" + ttl + "\" is not a duration (e.g. 24h, 90m, 720h)"));
  }

  @ParameterizedTest(name = "ttl \"{0}\"")
  @ValueSource(strings = {"0s", "0h", "0h0m0s"})
  void zeroTtlIsInvalid(String ttl) {
    assertThat(TokenLifetime.expiresAt(token(spec -> spec.setTtl(ttl))))
        .isEqualTo(new Result.Invalid("ttl \"" + ttl + "\" must be positive"));
  }

  static RegistrationToken issuedAt(RegistrationToken token, String expiresAt, String kid) {
    token.setStatus(new RegistrationTokenStatus());
    token.getStatus().setExpiresAt(expiresAt);
    token.getStatus().setSigningKeyId(kid);
    return token;
  }

  @Test
  void theExpiryIssuedIsTheStatusOnceATokenWasSigned() {
    RegistrationToken issued = issuedAt(token(spec -> {}), "2026-11-24T10:00:00Z", "kid-1");

    assertThat(TokenLifetime.issued(issued)).contains(Instant.parse("2026-11-24T10:00:00Z"));
  }

  /** Before the first signature status.expiresAt only mirrors the spec: nothing was issued yet. */
  @Test
  void anUnsignedTokensStatusExpiryIsNoIssue() {
    RegistrationToken waiting = issuedAt(token(spec -> {}), "2026-11-24T10:00:00Z", null);

    assertThat(TokenLifetime.issued(waiting)).isEmpty();
  }

  @Test
  void aTtlAddedAfterIssueIsNotEnforced() {
    RegistrationToken extended = issuedAt(token(spec -> spec.setTtl("87600h")), "2026-11-24T10:00:00Z", "kid-1");

    assertThat(TokenLifetime.enforced(extended)).isEqualTo(new Result.Valid(Instant.parse("2026-11-24T10:00:00Z")));
  }

  @Test
  void anEarlierSpecExpiryIsEnforced() {
    RegistrationToken shortened = issuedAt(token(spec -> spec.setTtl("1h")), "2026-11-24T10:00:00Z", "kid-1");

    assertThat(TokenLifetime.enforced(shortened)).isEqualTo(new Result.Valid(Instant.parse("2026-11-23T11:00:00Z")));
  }
}
