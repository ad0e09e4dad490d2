package io.cvlan.operator.cvlan;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Batches peer updates: a CVLAN publishes at most once per interval, so a thousand nodes turning Ready in a
 * burst cost a few shard writes, not a thousand. Whatever arrives in between waits for the next publish.
 */
public final class PublishThrottle {
  public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(250);

  private final Clock clock;
  private final Duration interval;
  private final Map<String, Instant> lastPublished = new ConcurrentHashMap<>();

  public PublishThrottle(Clock clock, Duration interval) {
    this.clock = clock;
    this.interval = interval;
  }

  /** The key a CVLAN is throttled under. */
  public static String key(io.cvlan.api.v1alpha1.CVLAN cvlan) {
    return cvlan.getMetadata().getNamespace() + "/" + cvlan.getMetadata().getName();
  }

  /** How long the CVLAN must wait before it may publish again; empty when it may publish now. */
  public Optional<Duration> waitBefore(String key) {
    Instant last = lastPublished.get(key);
    if (last == null) {
      return Optional.empty();
    }
    Duration left = Duration.between(clock.instant(), last.plus(interval));
    return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
  }

  public void published(String key) {
    lastPublished.put(key, clock.instant());
  }

  public void forget(String key) {
    lastPublished.remove(key);
  }
}
