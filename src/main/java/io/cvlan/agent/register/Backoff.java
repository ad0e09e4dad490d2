package io.cvlan.agent.register;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter (DESIGN §6: 1 s base, ×2, 60 s cap, ±25 %, 5 min in total by default),
 * so a fleet retrying after an outage spreads out instead of arriving in waves.
 */
public record Backoff(Duration base, double factor, Duration cap, double jitter, Duration total) {
  public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(60), 0.25, Duration.ofMinutes(5));

  /** The wait before retry number {@code attempt} (0 for the first retry). */
  public Duration delay(int attempt, RandomGenerator random) {
    double nominal = Math.min(cap.toMillis(), base.toMillis() * Math.pow(factor, Math.min(attempt, 30)));
    double spread = 1 + jitter * (2 * random.nextDouble() - 1);
    return Duration.ofMillis(Math.round(nominal * spread));
  }
}
