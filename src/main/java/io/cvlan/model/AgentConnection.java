package io.cvlan.model;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Whether a VRouter's agent is connected, from its last sign of life: a vrouter's long-poll is answered at
 * least every {@link #POLL_INTERVAL}, and the agent polls again at once, so three intervals without one mean
 * it is gone (or cut off). The condition {@code AgentConnected} carries it; {@link #recheckAt} is when the
 * answer may change without anything else happening.
 */
public record AgentConnection(boolean connected, String reason, String message, Instant recheckAt) {
  public static final String TYPE = "AgentConnected";
  public static final String REASON_POLLING = "Polling";
  public static final String REASON_SILENT = "Silent";
  public static final String REASON_NEVER_CONNECTED = "NeverConnected";
  /** How often a vrouter's poll is answered (DESIGN §4: "poll_interval_seconds": 5). */
  public static final Duration POLL_INTERVAL = Duration.ofSeconds(5);
  public static final Duration WINDOW = POLL_INTERVAL.multipliedBy(3);

  /** {@code lastSeen} as status.lastSeen holds it (RFC 3339), or null. */
  public static AgentConnection of(String lastSeen, Instant now, String joinSecret) {
    Instant seen;
    try {
      seen = lastSeen == null ? null : Instant.parse(lastSeen);
    } catch (DateTimeParseException e) {
      seen = null;
    }
    if (seen == null) {
      return new AgentConnection(false, REASON_NEVER_CONNECTED, "no agent has registered yet: run `cvlan agent --mode vrouter` "
          + "with the files of Secret " + joinSecret, now.plus(WINDOW));
    }
    Instant until = seen.plus(WINDOW);
    if (now.isBefore(until)) {
      // The message does not name the time: it would change the status with every poll (lastSeen has it).
      return new AgentConnection(true, REASON_POLLING, "the agent polled within the last " + WINDOW.toSeconds() + " s",
          until.plusSeconds(1));
    }
    return new AgentConnection(false, REASON_SILENT, "no poll since " + seen + " (expected every " + POLL_INTERVAL.toSeconds()
        + " s): is the agent running and can it reach the registration API?", now.plus(WINDOW));
  }
}
