package io.cvlan.operator.cvlan;

import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A CVLAN publishes its peers at most once per interval; the clock is moved by hand. */
class PublishThrottleTest {
  static final Duration INTERVAL = Duration.ofMillis(250);

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
  final PublishThrottle throttle = new PublishThrottle(clock, INTERVAL);

  @Test
  void aCvlanThatNeverPublishedMayPublishNow() {
    assertThat(throttle.waitBefore("tenant-a/blue")).isEmpty();
  }

  @ParameterizedTest(name = "{0} ms after a publish -> wait {1} ms")
  @CsvSource({
      "0,    250",
      "1,    249",
      "100,  150",
      "249,  1",
      "250,  ",
      "251,  ",
      "5000, ",
  })
  void afterAPublishItWaitsWhatIsLeftOfTheInterval(long elapsedMillis, Long waitMillis) {
    throttle.published("tenant-a/blue");
    clock.advance(Duration.ofMillis(elapsedMillis));

    assertThat(throttle.waitBefore("tenant-a/blue")).isEqualTo(Optional.ofNullable(waitMillis).map(Duration::ofMillis));
  }

  @Test
  void eachCvlanHasAnIntervalOfItsOwn() {
    throttle.published("tenant-a/blue");

    assertThat(throttle.waitBefore("tenant-a/red")).isEmpty();
    assertThat(throttle.waitBefore("tenant-b/blue")).isEmpty();
    assertThat(throttle.waitBefore("tenant-a/blue")).contains(INTERVAL);
  }

  @Test
  void aLaterPublishStartsTheIntervalAgain() {
    throttle.published("tenant-a/blue");
    clock.advance(Duration.ofMillis(300));
    throttle.published("tenant-a/blue");
    clock.advance(Duration.ofMillis(100));

    assertThat(throttle.waitBefore("tenant-a/blue")).contains(Duration.ofMillis(150));
  }

  @Test
  void aForgottenCvlanMayPublishAtOnce() {
    throttle.published("tenant-a/blue");

    throttle.forget("tenant-a/blue");

    assertThat(throttle.waitBefore("tenant-a/blue")).isEmpty();
  }

  @Test
  void theIntervalIsTheOneConfigured() {
    PublishThrottle slow = new PublishThrottle(clock, Duration.ofSeconds(2));
    slow.published("tenant-a/blue");
    clock.advance(Duration.ofMillis(500));

    assertThat(slow.waitBefore("tenant-a/blue")).contains(Duration.ofMillis(1500));
  }
}
