package io.cvlan.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.NodeStatus;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.testing.TestResources;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** When a node counts as gone: its last sign of life plus the CVLAN's nodeExpiry. Nodes are created 2026-11-23T10:00:00Z. */
class NodeLifetimeTest {
  static CVLAN blue(String nodeExpiry) {
    CVLAN blue = TestResources.readyCvlan("blue", "10.100.0.0/16");
    blue.getSpec().setNodeExpiry(nodeExpiry);
    return blue;
  }

  static OverlayNode lastSeenAt(String lastSeen) {
    OverlayNode node = TestResources.readyNode("laptop", "blue", "10.100.0.2");
    node.getStatus().setLastSeen(lastSeen);
    return node;
  }

  @ParameterizedTest(name = "lastSeen {0} + {1} -> {2}")
  @CsvSource({
      "2026-11-25T08:00:00Z, 720h,   2026-12-25T08:00:00Z",
      "2026-11-25T08:00:00Z, 90m,    2026-11-25T09:30:00Z",
      "2026-11-25T08:00:00Z, 1h30m,  2026-11-25T09:30:00Z",
      "2026-11-25T08:00:00Z, 24h,    2026-11-26T08:00:00Z",
  })
  void expiryCountsFromTheLastSignOfLife(String lastSeen, String nodeExpiry, Instant expected) {
    assertThat(NodeLifetime.expiresAt(lastSeenAt(lastSeen), blue(nodeExpiry))).isEqualTo(expected);
  }

  @Test
  void aNodeWithoutStatusCountsFromItsCreation() {
    OverlayNode fresh = TestResources.node("laptop", "blue");

    assertThat(NodeLifetime.expiresAt(fresh, blue("24h"))).isEqualTo(Instant.parse("2026-11-24T10:00:00Z"));
  }

  @Test
  void aNodeNeverSeenCountsFromItsCreation() {
    OverlayNode neverSeen = TestResources.node("laptop", "blue");
    neverSeen.setStatus(new NodeStatus());

    assertThat(NodeLifetime.expiresAt(neverSeen, blue("24h"))).isEqualTo(Instant.parse("2026-11-24T10:00:00Z"));
  }

  @ParameterizedTest(name = "nodeExpiry \"{0}\"")
  @NullSource
  // Values a CVLAN could hold before the schema refused them: fabric8 read 1.5h as 5h, and 0s expires every node.
  @ValueSource(strings = {"soon", "30", "", "1.5h", "0s", "-1h"})
  void missingOrUnreadableNodeExpiryMeansThirtyDays(String nodeExpiry) {
    assertThat(NodeLifetime.expiresAt(lastSeenAt("2026-11-25T08:00:00Z"), blue(nodeExpiry)))
        .isEqualTo(Instant.parse("2026-12-25T08:00:00Z"));
  }
}
