package io.cvlan.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** AgentConnected from lastSeen: connected within three poll intervals, re-judged when that can change. */
class AgentConnectionTest {
  static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

  @Test
  void neverSeenIsNotConnectedAndSaysHowToStartTheAgent() {
    AgentConnection connection = AgentConnection.of(null, NOW, "edge-join");

    assertThat(connection.connected()).isFalse();
    assertThat(connection.reason()).isEqualTo(AgentConnection.REASON_NEVER_CONNECTED);
    assertThat(connection.message()).contains("--mode vrouter").contains("edge-join");
  }

  @Test
  void seenWithinThreeIntervalsIsConnectedUntilTheWindowCloses() {
    AgentConnection connection = AgentConnection.of("2026-11-28T09:59:50Z", NOW, "edge-join");

    assertThat(connection.connected()).isTrue();
    assertThat(connection.recheckAt()).isEqualTo(Instant.parse("2026-11-28T10:00:06Z"));
  }

  @Test
  void seenThreeIntervalsAgoIsSilent() {
    AgentConnection connection = AgentConnection.of("2026-11-28T09:59:45Z", NOW, "edge-join");

    assertThat(connection.connected()).isFalse();
    assertThat(connection.reason()).isEqualTo(AgentConnection.REASON_SILENT);
  }

  @Test
  void unreadableLastSeenCountsAsNeverSeen() {
    assertThat(AgentConnection.of("yesterday", NOW, "edge-join").reason()).isEqualTo(AgentConnection.REASON_NEVER_CONNECTED);
  }
}
