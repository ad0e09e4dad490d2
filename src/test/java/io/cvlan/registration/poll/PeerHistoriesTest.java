package io.cvlan.registration.poll;

import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.CVLANSpec;
import io.cvlan.peers.Peer;
import io.cvlan.peers.PeerCodec;
import io.cvlan.peers.PeerConfigMaps;
import io.cvlan.peers.PeerEndpoint;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The poll API's history follows the peer ConfigMaps event by event. A publish over two shards arrives as two
 * events with one version: a client told that version after the first must still hear of the second.
 */
class PeerHistoriesTest {
  private static final List<String> BOTH = List.of("blue-peers-0", "blue-peers-1");
  private final Map<String, ConfigMap> stored = new TreeMap<>();
  private final PeerHistories histories = new PeerHistories((namespace, cvlan) -> List.copyOf(stored.values()),
      Clock.systemUTC(), PeerHistory.Limits.DEFAULT);

  private static CVLAN blue() {
    CVLAN cvlan = new CVLAN();
    cvlan.getMetadata().setName("blue");
    cvlan.getMetadata().setNamespace("tenant-a");
    cvlan.setSpec(new CVLANSpec());
    return cvlan;
  }

  private ConfigMap store(int index, long version, List<String> written, String... peers) {
    Map<String, String> data = new TreeMap<>();
    for (String id : peers) {
      data.put(id, PeerCodec.toJson(Peer.node(id, keyOf(id), "10.100.0." + (10 + data.size()), null,
          List.of(new PeerEndpoint("198.51.100.1", 51820)), List.of())));
    }
    ConfigMap shard = PeerConfigMaps.desired(blue(), index, data, version, written, BOTH);
    stored.put(shard.getMetadata().getName(), shard);
    return shard;
  }

  /** A well-formed WireGuard key (32 bytes, base64) of its own for each id. */
  private static String keyOf(String id) {
    try {
      return java.util.Base64.getEncoder().encodeToString(
          java.security.MessageDigest.getInstance("SHA-256").digest(id.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aVersionIsToldOnlyOnceEveryShardItWroteHasArrived() {
    histories.onAdd(store(0, 1, BOTH, "node-a"));
    histories.onAdd(store(1, 1, BOTH));
    assertThat(histories.version("tenant-a", "blue")).isEqualTo(1);

    ConfigMap first = store(0, 2, BOTH, "node-a", "node-b");
    histories.onUpdate(first, first);
    assertThat(histories.version("tenant-a", "blue")).isEqualTo(1);

    ConfigMap second = store(1, 2, BOTH, "node-c");
    histories.onUpdate(second, second);

    PeerDelta delta = histories.current("tenant-a", "blue").since(1L);
    assertThat(delta.version()).isEqualTo(2);
    assertThat(delta.full()).isFalse();
    assertThat(delta.changed()).extracting(Peer::id).containsExactlyInAnyOrder("node-b", "node-c");
  }

  @Test
  void aHistoryStartedHalfwayThroughAPublishTellsTheRestAsNews() {
    store(0, 2, BOTH, "node-a");

    assertThat(histories.version("tenant-a", "blue")).isEqualTo(1);

    ConfigMap second = store(1, 2, BOTH, "node-c");
    histories.onAdd(second);
    PeerDelta delta = histories.current("tenant-a", "blue").since(1L);
    assertThat(delta.version()).isEqualTo(2);
    assertThat(delta.changed()).extracting(Peer::id).containsExactly("node-c");
  }
}
