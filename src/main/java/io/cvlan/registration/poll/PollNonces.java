package io.cvlan.registration.poll;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;

/**
 * Poll nonces seen in the last ten minutes, per node, on this replica. A replay within the window is
 * refused; a replay sent to another replica is not caught, which is acceptable for polls: they change
 * nothing but lastSeen, and the attacker needs the node's private key to complete the TLS handshake anyway.
 */
final class PollNonces {
  static final Duration WINDOW = Duration.ofMinutes(10);
  private final Cache<String, Boolean> seen;

  PollNonces(Clock clock) {
    Ticker ticker = () -> {
      var now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };
    seen = Caffeine.newBuilder().ticker(ticker).expireAfterWrite(WINDOW).maximumSize(1_000_000).build();
  }

  /** True the first time this node uses this nonce within the window. */
  boolean fresh(String caller, String nonce) {
    return seen.asMap().putIfAbsent(caller + "/" + nonce.toLowerCase(), Boolean.TRUE) == null;
  }
}
