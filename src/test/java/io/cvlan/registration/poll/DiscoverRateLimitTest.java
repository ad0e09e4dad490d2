package io.cvlan.registration.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The per-address limit of discover: a token bucket, as a pure function of time. */
class DiscoverRateLimitTest {
  static final RequestAllowance.Rate RATE = new RequestAllowance.Rate(10, 5);
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void burstIsAllowedThenRefusedWithTheWaitForTheNextToken() {
    RequestAllowance bucket = RequestAllowance.full(RATE, T0);
    for (int i = 0; i < 5; i++) {
      RequestAllowance.Taken taken = bucket.take(RATE, T0);
      assertThat(taken.allowed()).isTrue();
      bucket = taken.bucket();
    }

    RequestAllowance.Taken refused = bucket.take(RATE, T0);

    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(6));
  }

  @Test
  void tokensFlowBackAtTheRate() {
    RequestAllowance empty = new RequestAllowance(0, T0);

    assertThat(empty.take(RATE, T0.plusSeconds(5)).allowed()).isFalse();
    assertThat(empty.take(RATE, T0.plusSeconds(6)).allowed()).isTrue();
    assertThat(empty.take(RATE, T0.plus(Duration.ofHours(1))).bucket().tokens()).isEqualTo(4.0);
  }
}
