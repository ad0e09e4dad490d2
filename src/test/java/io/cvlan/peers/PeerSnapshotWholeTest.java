package io.cvlan.peers;

import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.CVLAN;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A publish writes its shards one by one: a snapshot is whole once every shard it wrote is at its version. */
class PeerSnapshotWholeTest {
  private static final CVLAN BLUE = PeerConfigMapsTest.blue();
  private static final List<String> BOTH = List.of("blue-peers-0", "blue-peers-1");

  private static ConfigMap shard(int index, long version, List<String> written, List<String> layout, String... peers) {
    Map<String, String> data = new java.util.TreeMap<>();
    for (String id : peers) {
      data.put(id, PeerCodec.toJson(TestPeers.node(id)));
    }
    return PeerConfigMaps.desired(BLUE, index, data, version, written, layout);
  }

  @Test
  void aPublishWithEveryWrittenShardAtItsVersionIsWhole() {
    PeerSnapshot snapshot = PeerSnapshot.of(List.of(shard(0, 2, BOTH, BOTH, "node-a"), shard(1, 2, BOTH, BOTH, "node-b")));

    assertThat(snapshot.version()).isEqualTo(2);
    assertThat(snapshot.complete()).isTrue();
  }

  @Test
  void aPublishWithAWrittenShardStillAtTheVersionBeforeIsNotWhole() {
    PeerSnapshot snapshot = PeerSnapshot.of(List.of(shard(0, 2, BOTH, BOTH, "node-a"), shard(1, 1, List.of("blue-peers-1"), BOTH)));

    assertThat(snapshot.complete()).isFalse();
  }

  @Test
  void aPublishWithAWrittenShardNotThereYetIsNotWhole() {
    assertThat(PeerSnapshot.of(List.of(shard(0, 2, BOTH, BOTH, "node-a"))).complete()).isFalse();
  }

  @Test
  void aShardThePublishLeftUnchangedMayKeepAnOlderVersion() {
    List<String> first = List.of("blue-peers-0");
    PeerSnapshot snapshot = PeerSnapshot.of(List.of(shard(0, 3, first, BOTH, "node-a"), shard(1, 2, BOTH, BOTH, "node-b")));

    assertThat(snapshot.complete()).isTrue();
  }

  @Test
  void aSurplusShardNotYetDeletedLeavesThePublishNotWhole() {
    List<String> first = List.of("blue-peers-0");
    PeerSnapshot snapshot = PeerSnapshot.of(List.of(shard(0, 3, first, first, "node-a"), shard(1, 2, BOTH, BOTH, "node-b")));

    assertThat(snapshot.complete()).isFalse();
  }

  @Test
  void shardsOfAWriterThatDidNotSayWhatItWroteAreWhole() {
    PeerSnapshot snapshot = PeerSnapshot.of(List.of(PeerConfigMaps.desired(BLUE, 0, Map.of(), 4)));

    assertThat(snapshot.complete()).isTrue();
  }

  @Test
  void aSnapshotCaughtHalfwayIsToldAsTheVersionBefore() {
    PeerSnapshot halfway = PeerSnapshot.of(List.of(shard(0, 2, BOTH, BOTH, "node-a")));

    assertThat(halfway.beforeLatest().version()).isEqualTo(1);
    assertThat(halfway.beforeLatest().peers()).containsOnlyKeys("node-a");
  }
}
