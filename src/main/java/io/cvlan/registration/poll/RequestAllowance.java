package io.cvlan.registration.poll;

import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket as a value: {@link #take} returns the bucket after one request and whether it was allowed,
 * so the rule is a pure function of time and tests state it without sleeping.
 */
public record RequestAllowance(double tokens, Instant updated) {
  /** {@code perMinute} tokens flow in, at most {@code burst} are kept. */
  public record Rate(int perMinute, int burst) {
    double perSecond() {
      return perMinute / 60.0;
    }
  }

  /** The outcome of one request: the new bucket, and when refused, how long until a token is there. */
  public record Taken(RequestAllowance bucket, boolean allowed, Duration retryAfter) {}

  public static RequestAllowance full(Rate rate, Instant now) {
    return new RequestAllowance(rate.burst(), now);
  }

  public Taken take(Rate rate, Instant now) {
    double elapsed = Math.max(0, Duration.between(updated, now).toNanos() / 1e9);
    double available = Math.min(rate.burst(), tokens + elapsed * rate.perSecond());
    if (available >= 1) {
      return new Taken(new RequestAllowance(available - 1, now), true, Duration.ZERO);
    }
    long seconds = (long) Math.ceil((1 - available) / rate.perSecond());
    return new Taken(new RequestAllowance(available, now), false, Duration.ofSeconds(Math.max(1, seconds)));
  }
}
