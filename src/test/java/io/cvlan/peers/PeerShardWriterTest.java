package io.cvlan.peers;

import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.CVLANSpec;
import io.cvlan.embedded.EmbeddedApiServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PeerShardWriterTest {
  static final String SETTINGS = "{\"listen_port\":51820,\"packet_filter\":[]}";
  static final AtomicInteger NAMESPACES = new AtomicInteger();
  static EmbeddedApiServer api;

  KubernetesClient client;
  String namespace;
  CVLAN blue;
  PeerShardWriter publisher;

  @BeforeAll
  static void startApiServer() {
    api = EmbeddedApiServer.start();
  }

  @AfterAll
  static void stopApiServer() {
    api.close();
  }

  @BeforeEach
  void newNamespaceWithCvlan() {
    client = api.client();
    namespace = "p" + NAMESPACES.incrementAndGet();
    blue = createCvlan("blue");
    publisher = new PeerShardWriter(client);
  }

  CVLAN createCvlan(String name) {
    CVLAN cvlan = new CVLAN();
    cvlan.getMetadata().setName(name);
    cvlan.getMetadata().setNamespace(namespace);
    cvlan.setSpec(new CVLANSpec());
    cvlan.getSpec().setCidr("10.100.0.0/16");
    return client.resource(cvlan).create();
  }

  ConfigMap shard(String name) {
    return client.configMaps().inNamespace(namespace).withName(name).get();
  }

  List<ConfigMap> shardsOf(String cvlan) {
    return client.configMaps().inNamespace(namespace).withLabels(PeerConfigMaps.selector(cvlan)).list().getItems();
  }

  static long version(ConfigMap cm) {
    return Long.parseLong(cm.getMetadata().getAnnotations().get(PeerConfigMaps.VERSION_ANNOTATION));
  }

  static Map<String, String> with(Map<String, String> entries, String id, String value) {
    Map<String, String> copy = new TreeMap<>(entries);
    copy.put(id, value);
    return copy;
  }

  static Map<String, String> without(Map<String, String> entries, String id) {
    Map<String, String> copy = new TreeMap<>(entries);
    copy.remove(id);
    return copy;
  }

  static String changedValue(String id) {
    return PeerCodec.toJson(TestPeers.node(id, "moved"));
  }

  @Test
  void firstPublishCreatesShardZeroAtVersionOneWithLabelsAnnotationAndOwner() {
    PeerShardWriter.PublishResult result = publisher.publish(blue, TestPeers.entries(3), SETTINGS);

    assertThat(result).isEqualTo(new PeerShardWriter.PublishResult(1, List.of("blue-peers-0"), 1));
    ConfigMap cm = shard("blue-peers-0");
    assertThat(cm.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "cvlan.io/cvlan", "blue", "app.kubernetes.io/component", "peers", "app.kubernetes.io/managed-by", "cvlan-operator"));
    assertThat(cm.getMetadata().getAnnotations()).containsEntry("cvlan.io/version", "1");
    OwnerReference owner = cm.getMetadata().getOwnerReferences().get(0);
    assertThat(owner.getApiVersion()).isEqualTo("cvlan.io/v1alpha1");
    assertThat(owner.getKind()).isEqualTo("CVLAN");
    assertThat(owner.getName()).isEqualTo("blue");
    assertThat(owner.getUid()).isEqualTo(blue.getMetadata().getUid()).isNotBlank();
    assertThat(owner.getController()).isTrue();
    assertThat(cm.getData()).containsEntry("cvlan.json", SETTINGS).containsKeys("node-0", "node-1", "node-2").hasSize(4);
  }

  @Test
  void aThousandJoinsInOneCallWriteEachShardExactlyOnce() {
    try (ConfigMapWrites writes = new ConfigMapWrites(client, namespace)) {
      PeerShardWriter.PublishResult result = publisher.publish(blue, TestPeers.entries(1_000), SETTINGS);

      assertThat(result.shardsWritten()).isEqualTo(result.configMapNames().size());
      assertThat(writes.perConfigMap())
          .containsOnlyKeys(result.configMapNames())
          .allSatisfy((name, count) -> assertThat(count).as(name).isEqualTo(1));
      assertThat(shardsOf("blue").stream().mapToInt(cm -> cm.getData().size()).sum()).isEqualTo(1_001);
    }
  }

  @Test
  void joinsSpanningSeveralShardsWriteEachShardExactlyOnce() {
    try (ConfigMapWrites writes = new ConfigMapWrites(client, namespace)) {
      PeerShardWriter.PublishResult result = publisher.publish(blue, TestPeers.entries(5_000), SETTINGS);

      assertThat(result.configMapNames()).hasSizeGreaterThan(1);
      assertThat(result.configMapNames()).isEqualTo(
          IntStream.range(0, result.configMapNames().size()).mapToObj(i -> "blue-peers-" + i).toList());
      assertThat(writes.perConfigMap())
          .containsOnlyKeys(result.configMapNames())
          .allSatisfy((name, count) -> assertThat(count).as(name).isEqualTo(1));
      assertThat(shardsOf("blue")).allSatisfy(cm -> assertThat(version(cm)).isEqualTo(1));
    }
  }

  @Test
  void changingOneEntryWritesOnlyItsShardWithTheNextVersion() {
    Map<String, String> entries = TestPeers.entries(5_000);
    PeerShardWriter.PublishResult first = publisher.publish(blue, entries, SETTINGS);
    int shards = first.configMapNames().size();
    String changedShard = PeerShards.configMapName("blue", PeerShards.shardOf("node-42", shards));

    try (ConfigMapWrites writes = new ConfigMapWrites(client, namespace)) {
      PeerShardWriter.PublishResult second = publisher.publish(blue, with(entries, "node-42", changedValue("node-42")), SETTINGS);

      assertThat(second.version()).isEqualTo(first.version() + 1);
      assertThat(second.shardsWritten()).isEqualTo(1);
      assertThat(writes.perConfigMap()).containsExactly(Map.entry(changedShard, 1));
    }
    assertThat(shard(changedShard).getData()).containsEntry("node-42", changedValue("node-42"));
    assertThat(shardsOf("blue")).allSatisfy(cm ->
        assertThat(version(cm)).as(cm.getMetadata().getName()).isEqualTo(cm.getMetadata().getName().equals(changedShard) ? 2 : 1));
  }

  @Test
  void removingAnEntryRemovesItsKey() {
    Map<String, String> entries = TestPeers.entries(20);
    publisher.publish(blue, entries, SETTINGS);

    PeerShardWriter.PublishResult result = publisher.publish(blue, without(entries, "node-7"), SETTINGS);

    assertThat(result.version()).isEqualTo(2);
    assertThat(shard("blue-peers-0").getData()).doesNotContainKey("node-7").hasSize(20);
  }

  @Test
  void republishingTheSameSetWritesNothingAndKeepsTheVersion() {
    Map<String, String> entries = TestPeers.entries(5_000);
    PeerShardWriter.PublishResult first = publisher.publish(blue, entries, SETTINGS);

    try (ConfigMapWrites writes = new ConfigMapWrites(client, namespace)) {
      PeerShardWriter.PublishResult again = publisher.publish(blue, new TreeMap<>(entries), SETTINGS);

      assertThat(again).isEqualTo(new PeerShardWriter.PublishResult(first.version(), first.configMapNames(), 0));
      assertThat(writes.total()).isZero();
    }
  }

  @Test
  void changedSettingsRewriteOnlyShardZero() {
    Map<String, String> entries = TestPeers.entries(5_000);
    publisher.publish(blue, entries, SETTINGS);

    PeerShardWriter.PublishResult result = publisher.publish(blue, entries, "{\"listen_port\":51821,\"packet_filter\":[]}");

    assertThat(result.shardsWritten()).isEqualTo(1);
    assertThat(shard("blue-peers-0").getData()).containsEntry("cvlan.json", "{\"listen_port\":51821,\"packet_filter\":[]}");
    assertThat(version(shard("blue-peers-0"))).isEqualTo(2);
    assertThat(version(shard("blue-peers-1"))).isEqualTo(1);
  }

  @Test
  void theVersionKeepsRisingAcrossAnOperatorRestart() {
    Map<String, String> entries = TestPeers.entries(10);
    publisher.publish(blue, entries, SETTINGS);
    publisher.publish(blue, without(entries, "node-1"), SETTINGS);

    PeerShardWriter restarted = new PeerShardWriter(client);
    PeerShardWriter.PublishResult unchanged = restarted.publish(blue, without(entries, "node-1"), SETTINGS);
    PeerShardWriter.PublishResult changed = restarted.publish(blue, entries, SETTINGS);

    assertThat(unchanged.version()).isEqualTo(2);
    assertThat(unchanged.shardsWritten()).isZero();
    assertThat(changed.version()).isEqualTo(3);
    assertThat(version(shard("blue-peers-0"))).isEqualTo(3);
  }

  @Test
  void growingThePeerSetSplitsItIntoMoreShards() {
    publisher.publish(blue, TestPeers.entries(10), SETTINGS);

    PeerShardWriter.PublishResult grown = publisher.publish(blue, TestPeers.entries(5_000), SETTINGS);

    assertThat(grown.version()).isEqualTo(2);
    assertThat(grown.configMapNames()).hasSizeGreaterThan(1);
    assertThat(shardsOf("blue")).hasSize(grown.configMapNames().size()).allSatisfy(cm -> assertThat(version(cm)).isEqualTo(2));
  }

  @Test
  void shrinkingThePeerSetDeletesTheSurplusShards() {
    PeerShardWriter.PublishResult big = publisher.publish(blue, TestPeers.entries(5_000), SETTINGS);
    assertThat(big.configMapNames()).hasSizeGreaterThan(1);

    PeerShardWriter.PublishResult small = publisher.publish(blue, TestPeers.entries(10), SETTINGS);

    assertThat(small.version()).isEqualTo(big.version() + 1);
    assertThat(small.configMapNames()).containsExactly("blue-peers-0");
    assertThat(shardsOf("blue")).extracting(cm -> cm.getMetadata().getName()).containsExactly("blue-peers-0");
    assertThat(shard("blue-peers-0").getData()).hasSize(11);
  }

  @Test
  void deleteAllRemovesEveryShardOfThatCvlanOnly() {
    CVLAN green = createCvlan("green");
    publisher.publish(blue, TestPeers.entries(5_000), SETTINGS);
    publisher.publish(green, TestPeers.entries(3), SETTINGS);

    publisher.deleteAll(namespace, "blue");

    assertThat(shardsOf("blue")).isEmpty();
    assertThat(shardsOf("green")).extracting(cm -> cm.getMetadata().getName()).containsExactly("green-peers-0");
  }

  @Test
  void aCvlanRecreatedAfterDeleteAllStartsAgainAtVersionOne() {
    publisher.publish(blue, TestPeers.entries(3), SETTINGS);
    publisher.deleteAll(namespace, "blue");

    assertThat(publisher.publish(blue, TestPeers.entries(3), SETTINGS).version()).isEqualTo(1);
  }

  @Test
  void joiningChangingAndLeavingAThousandNodesCostsOneWritePerChangedShard() {
    Map<String, String> entries = TestPeers.entries(1_000);
    PeerShardWriter.PublishResult joined;
    try (ConfigMapWrites writes = new ConfigMapWrites(client, namespace)) {
      joined = publisher.publish(blue, entries, SETTINGS);
      assertThat(writes.perConfigMap())
          .containsOnlyKeys(joined.configMapNames()).allSatisfy((name, count) -> assertThat(count).isEqualTo(1));
    }

    PeerShardWriter.PublishResult changed = publisher.publish(blue, with(entries, "node-500", changedValue("node-500")), SETTINGS);
    assertThat(changed.shardsWritten()).isEqualTo(1);
    assertThat(changed.version()).isEqualTo(joined.version() + 1);

    Map<String, String> afterLeave = without(with(entries, "node-500", changedValue("node-500")), "node-7");
    PeerShardWriter.PublishResult left = publisher.publish(blue, afterLeave, SETTINGS);
    assertThat(left.version()).isEqualTo(changed.version() + 1);
    assertThat(shardsOf("blue")).allSatisfy(cm -> assertThat(cm.getData()).doesNotContainKey("node-7"));

    try (ConfigMapWrites writes = new ConfigMapWrites(client, namespace)) {
      PeerShardWriter.PublishResult same = publisher.publish(blue, afterLeave, SETTINGS);
      assertThat(same.shardsWritten()).isZero();
      assertThat(same.version()).isEqualTo(left.version());
      assertThat(writes.total()).isZero();
    }
  }

  @Test
  void aWriterThatRacesInBetweenIsDetectedAndThePublishRetriesOnTopOfIt() {
    Map<String, String> entries = TestPeers.entries(10);
    publisher.publish(blue, entries, SETTINGS);
    AtomicInteger raced = new AtomicInteger();
    PeerShardWriter racing = new PeerShardWriter(client, () -> {
      if (raced.getAndIncrement() == 0) {
        new PeerShardWriter(client).publish(blue, without(entries, "node-1"), SETTINGS);
      }
    });

    PeerShardWriter.PublishResult result = racing.publish(blue, with(entries, "node-2", changedValue("node-2")), SETTINGS);

    assertThat(raced.get()).isEqualTo(2);
    assertThat(result.version()).isEqualTo(3);
    assertThat(shard("blue-peers-0").getData()).containsKey("node-1").containsEntry("node-2", changedValue("node-2"));
    assertThat(version(shard("blue-peers-0"))).isEqualTo(3);
  }

  @Test
  void aStrayShardIsDeletedWithoutTheVersionGoingBackwards() {
    Map<String, String> entries = TestPeers.entries(10);
    publisher.publish(blue, entries, SETTINGS);
    client.resource(PeerConfigMaps.desired(blue, 5, Map.of("node-x", "{}"), 9)).create();

    PeerShardWriter.PublishResult cleaned = publisher.publish(blue, entries, SETTINGS);
    PeerShardWriter.PublishResult again = publisher.publish(blue, entries, SETTINGS);

    assertThat(cleaned.version()).isEqualTo(10);
    assertThat(shardsOf("blue")).extracting(cm -> cm.getMetadata().getName()).containsExactly("blue-peers-0");
    assertThat(version(shard("blue-peers-0"))).isEqualTo(10);
    assertThat(again).isEqualTo(new PeerShardWriter.PublishResult(10, List.of("blue-peers-0"), 0));
  }

  @Test
  void shardsLeftByAnEarlierCvlanOfTheSameNameAreTakenOver() {
    Map<String, String> entries = TestPeers.entries(10);
    publisher.publish(blue, entries, SETTINGS);
    client.resource(blue).delete();
    org.awaitility.Awaitility.await().until(() -> client.resources(CVLAN.class).inNamespace(namespace).withName("blue").get() == null);
    CVLAN recreated = createCvlan("blue");

    PeerShardWriter.PublishResult result = publisher.publish(recreated, entries, SETTINGS);

    assertThat(result.shardsWritten()).isEqualTo(1);
    assertThat(result.version()).isEqualTo(2);
    assertThat(shard("blue-peers-0").getMetadata().getOwnerReferences()).singleElement()
        .satisfies(ref -> assertThat(ref.getUid()).isEqualTo(recreated.getMetadata().getUid()).isNotEqualTo(blue.getMetadata().getUid()));
  }

  @Test
  void aShardWhoseLabelsWereEditedAwayIsTakenOver() {
    ConfigMap unlabelled = PeerConfigMaps.desired(blue, 0, Map.of("stale", "{}"), 1);
    unlabelled.getMetadata().setLabels(Map.of());
    client.resource(unlabelled).create();

    PeerShardWriter.PublishResult result = publisher.publish(blue, TestPeers.entries(3), SETTINGS);

    assertThat(result.shardsWritten()).isEqualTo(1);
    assertThat(shard("blue-peers-0").getData()).doesNotContainKey("stale").containsKey("node-0");
    assertThat(shard("blue-peers-0").getMetadata().getLabels()).containsEntry("cvlan.io/cvlan", "blue");
  }

  @Test
  void aShardCreatedByARacingWriterMakesThePublishRetryOnTopOfIt() {
    AtomicInteger raced = new AtomicInteger();
    PeerShardWriter racing = new PeerShardWriter(client, () -> {
      if (raced.getAndIncrement() == 0) {
        new PeerShardWriter(client).publish(blue, TestPeers.entries(2), SETTINGS);
      }
    });

    PeerShardWriter.PublishResult result = racing.publish(blue, TestPeers.entries(3), SETTINGS);

    assertThat(raced.get()).isEqualTo(2);
    assertThat(result.version()).isEqualTo(2);
    assertThat(shard("blue-peers-0").getData()).containsKey("node-2");
    assertThat(version(shard("blue-peers-0"))).isEqualTo(2);
  }
}
