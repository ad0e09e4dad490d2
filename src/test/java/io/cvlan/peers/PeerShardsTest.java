package io.cvlan.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PeerShardsTest {
  static final String CVLAN_JSON = "{\"listen_port\":51820,\"packet_filter\":[]}";

  static int shardHolding(List<Map<String, String>> layout, String id) {
    for (int s = 0; s < layout.size(); s++) {
      if (layout.get(s).containsKey(id)) {
        return s;
      }
    }
    throw new AssertionError(id + " is in no shard");
  }

  @Test
  void aSmallPeerSetFitsInOneShardNextToCvlanJson() {
    List<Map<String, String>> layout = PeerShards.layout(TestPeers.entries(10), CVLAN_JSON);

    assertThat(layout).hasSize(1);
    assertThat(layout.get(0)).hasSize(11).containsEntry("cvlan.json", CVLAN_JSON);
  }

  @Test
  void anEmptyPeerSetStillHasShardZeroWithCvlanJson() {
    assertThat(PeerShards.layout(Map.of(), CVLAN_JSON)).containsExactly(Map.of("cvlan.json", CVLAN_JSON));
  }

  @Test
  void shardIsTheFirstFourBytesOfSha256OfTheIdModuloTheCount() throws Exception {
    byte[] d = MessageDigest.getInstance("SHA-256").digest("node-42".getBytes(StandardCharsets.UTF_8));
    long prefix = ((d[0] & 0xffL) << 24) | ((d[1] & 0xffL) << 16) | ((d[2] & 0xffL) << 8) | (d[3] & 0xffL);

    for (int shards : new int[] {1, 2, 8, 64, 1024}) {
      assertThat(PeerShards.shardOf("node-42", shards)).isEqualTo((int) (prefix % shards));
    }
  }

  @Test
  void aNodeStaysInTheSameShardAcrossCallsAndInsertionOrders() {
    Map<String, String> sorted = TestPeers.entries(5_000);
    List<String> ids = new ArrayList<>(sorted.keySet());
    Collections.shuffle(ids, new java.util.Random(7));
    Map<String, String> shuffled = new LinkedHashMap<>();
    ids.forEach(id -> shuffled.put(id, sorted.get(id)));

    List<Map<String, String>> first = PeerShards.layout(sorted, CVLAN_JSON);
    List<Map<String, String>> second = PeerShards.layout(shuffled, CVLAN_JSON);

    assertThat(first.size()).isGreaterThan(1);
    assertThat(second).isEqualTo(first);
    for (String id : ids) {
      assertThat(shardHolding(first, id)).isEqualTo(PeerShards.shardOf(id, first.size()));
    }
  }

  @Test
  void everyEntryLandsInExactlyOneShardWithItsValue() {
    Map<String, String> entries = TestPeers.entries(5_000);
    List<Map<String, String>> layout = PeerShards.layout(entries, CVLAN_JSON);

    Map<String, String> union = new java.util.HashMap<>();
    layout.forEach(union::putAll);
    union.remove("cvlan.json");
    assertThat(union).isEqualTo(entries);
    assertThat(layout.stream().mapToInt(Map::size).sum()).isEqualTo(entries.size() + 1);
  }

  @Test
  void theShardCountIsTheSmallestPowerOfTwoThatFitsTheBudget() throws Exception {
    Map<String, String> entries = TestPeers.entries(5_000);
    List<Map<String, String>> layout = PeerShards.layout(entries, CVLAN_JSON);
    ObjectMapper json = new ObjectMapper();

    assertThat(Integer.bitCount(layout.size())).isEqualTo(1);
    for (Map<String, String> shard : layout) {
      assertThat(json.writeValueAsBytes(shard).length).isLessThanOrEqualTo(PeerShards.SHARD_BUDGET_BYTES);
    }
    // Half as many shards would have overflowed at least one.
    int half = layout.size() / 2;
    long[] bytes = new long[half];
    bytes[0] += PeerShards.entryBytes("cvlan.json", CVLAN_JSON) + 1;
    entries.forEach((id, value) -> bytes[PeerShards.shardOf(id, half)] += PeerShards.entryBytes(id, value) + 1);
    assertThat(java.util.Arrays.stream(bytes).max().orElseThrow() + 1).isGreaterThan(PeerShards.SHARD_BUDGET_BYTES);
  }

  @Test
  void entrySizeIsExactlyWhatJacksonWrites() throws Exception {
    String value = PeerCodec.toJson(PeerCodecTest.NODE);
    int jsonOfOneEntry = new ObjectMapper().writeValueAsBytes(Map.of("node-7", value)).length;

    assertThat(PeerShards.entryBytes("node-7", value) + 2).isEqualTo(jsonOfOneEntry);
  }

  @Test
  void noPeerConfigMapExceeds512KiBAt10000Nodes() {
    assertThat(PeerShards.largestConfigMapBytes(10_000)).isLessThan(PeerShards.MAX_SHARD_BYTES);
  }

  @Test
  void noPeerConfigMapExceeds512KiBAt50000Nodes() {
    assertThat(PeerShards.largestConfigMapBytes(50_000)).isLessThan(PeerShards.MAX_SHARD_BYTES);
  }

  @Test
  void shardZeroHoldsCvlanJsonAtEveryScale() {
    for (int nodes : new int[] {0, 1_000, 10_000}) {
      List<Map<String, String>> layout = PeerShards.layout(TestPeers.entries(nodes), CVLAN_JSON);
      assertThat(layout.get(0)).as("%d nodes", nodes).containsEntry("cvlan.json", CVLAN_JSON);
      assertThat(layout.subList(1, layout.size())).allSatisfy(shard -> assertThat(shard).doesNotContainKey("cvlan.json"));
    }
  }

  @Test
  void configMapNameIsCvlanPeersShard() {
    assertThat(PeerShards.configMapName("blue", 0)).isEqualTo("blue-peers-0");
    assertThat(PeerShards.configMapName("blue", 13)).isEqualTo("blue-peers-13");
  }

  @Test
  void aPeerTooLargeForAnyShardIsRefused() {
    String huge = "x".repeat(PeerShards.SHARD_BUDGET_BYTES);

    assertThatThrownBy(() -> PeerShards.layout(Map.of("node-1", huge), CVLAN_JSON))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("node-1");
  }

  @Test
  void aNodeCalledCvlanJsonIsRefused() {
    assertThatThrownBy(() -> PeerShards.layout(Map.of("cvlan.json", "{}"), CVLAN_JSON))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("collides");
  }
}
