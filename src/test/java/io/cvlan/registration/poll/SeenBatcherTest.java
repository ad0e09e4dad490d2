package io.cvlan.registration.poll;

import static io.cvlan.testing.TestResources.NAMESPACE;
import static io.cvlan.testing.TestResources.endpoint;
import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.NodeStatus;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.registration.protocol.EndpointDto;
import io.cvlan.testing.TestResources;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Signs of life are batched: polls only record, {@link SeenBatcher#flush} writes. The test calls the flushes,
 * so "between two flushes" is exact, and it records every merge patch the batcher sends instead of sending it.
 */
class SeenBatcherTest {
  static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  static final List<EndpointDto> NO_ENDPOINTS = List.of();
  static final CVLAN BLUE = TestResources.cvlan("blue", "10.0.0.0/24");

  /** One merge patch as sent: which resource, which part, and its body as JSON. */
  record Write(String kind, String name, String part, String json) {}

  final List<Write> sent = new ArrayList<>();
  /** HTTP codes the next patch of a resource (by name) fails with, once. */
  final Map<String, Integer> failNext = new HashMap<>();
  final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  final SeenBatcher batcher = new SeenBatcher((type, namespace, name, status, body) -> {
    assertThat(namespace).isEqualTo(NAMESPACE);
    Integer code = failNext.remove(name);
    if (code != null) {
      throw new KubernetesClientException("refused by the test", code, null);
    }
    sent.add(new Write(type.getSimpleName(), name, status ? "status" : "spec", Serialization.asJson(body)));
  }, metrics);

  /** Node {@code name} of blue as the cache holds it: dialled at 198.51.100.7:51820. */
  static OverlayNode node(String name) {
    OverlayNode node = TestResources.node(name, "blue");
    node.getSpec().setEndpoints(List.of(endpoint("198.51.100.7", 51820)));
    return node;
  }

  static Write lastSeen(String name, String at) {
    return new Write("OverlayNode", name, "status", "{\"status\":{\"lastSeen\":\"" + at + "\"}}");
  }

  static Write endpoints(String name, String json) {
    return new Write("OverlayNode", name, "spec", "{\"spec\":{\"endpoints\":" + json + "}}");
  }

  double counted(String kind, String part) {
    var counter = metrics.find("cvlan_api_seen_writes").tags("kind", kind, "part", part).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void manyPollsBetweenTwoFlushesCostOneWritePerNode() {
    OverlayNode a = node("a");
    OverlayNode b = node("b");
    for (int i = 0; i < 20; i++) {
      batcher.nodeSeen(a, BLUE, T0.plusSeconds(i), NO_ENDPOINTS);
      batcher.nodeSeen(b, BLUE, T0.plusSeconds(i), NO_ENDPOINTS);
    }

    assertThat(batcher.flush()).isEqualTo(2);
    assertThat(sent).containsExactlyInAnyOrder(lastSeen("a", "2026-11-23T10:00:19Z"), lastSeen("b", "2026-11-23T10:00:19Z"));
    assertThat(counted("node", "status")).isEqualTo(2);
  }

  @Test
  void aFlushWritesOnlyWhatWasSeenSinceThePreviousFlush() {
    OverlayNode a = node("a");
    batcher.nodeSeen(a, BLUE, T0, NO_ENDPOINTS);
    assertThat(batcher.flush()).isEqualTo(1);

    assertThat(batcher.flush()).isZero();

    batcher.nodeSeen(a, BLUE, T0.plus(Duration.ofMinutes(1)), NO_ENDPOINTS);
    assertThat(batcher.flush()).isEqualTo(1);
    assertThat(sent).containsExactly(lastSeen("a", "2026-11-23T10:00:00Z"), lastSeen("a", "2026-11-23T10:01:00Z"));
  }

  @Test
  void endpointsThatMovedAreWrittenToTheSpecOncePerFlushBeforeLastSeen() {
    OverlayNode a = node("a");
    for (int i = 0; i < 5; i++) {
      batcher.nodeSeen(a, BLUE, T0.plusSeconds(i), List.of(new EndpointDto("203.0.113.9", 51820)));
    }

    assertThat(batcher.flush()).isEqualTo(2);
    assertThat(sent).containsExactly(endpoints("a", "[{\"host\":\"203.0.113.9\",\"port\":51820}]"),
        lastSeen("a", "2026-11-23T10:00:04Z"));
    assertThat(counted("node", "spec")).isEqualTo(1);
    assertThat(counted("node", "status")).isEqualTo(1);
  }

  @Test
  void endpointsAsTheSpecAlreadyHasThemCostNoSpecWrite() {
    batcher.nodeSeen(node("a"), BLUE, T0, List.of(new EndpointDto("198.51.100.7", 51820)));

    assertThat(batcher.flush()).isEqualTo(1);
    assertThat(sent).containsExactly(lastSeen("a", "2026-11-23T10:00:00Z"));
  }

  @Test
  void aPollReportingNoEndpointsLeavesTheSpecAlone() {
    batcher.nodeSeen(node("a"), BLUE, T0, NO_ENDPOINTS);

    assertThat(batcher.flush()).isEqualTo(1);
    assertThat(sent).containsExactly(lastSeen("a", "2026-11-23T10:00:00Z"));
  }

  @Test
  void aMoveReportedEarlyInTheBatchIsWrittenThoughLaterPollsReportNoEndpoints() {
    OverlayNode a = node("a");
    batcher.nodeSeen(a, BLUE, T0, List.of(new EndpointDto("203.0.113.9", 51820)));
    batcher.nodeSeen(a, BLUE, T0.plusSeconds(5), NO_ENDPOINTS);

    assertThat(batcher.flush()).isEqualTo(2);
    assertThat(sent).containsExactly(endpoints("a", "[{\"host\":\"203.0.113.9\",\"port\":51820}]"),
        lastSeen("a", "2026-11-23T10:00:05Z"));
  }

  /** Node {@code name} whose stored lastSeen is {@code at}. */
  static OverlayNode seenAt(String name, Instant at) {
    OverlayNode node = node(name);
    node.setStatus(new NodeStatus());
    node.getStatus().setLastSeen(at.toString());
    return node;
  }

  @Test
  void aNodeWhoseStoredLastSeenIsUnderAMinuteOldCostsNoWrite() {
    batcher.nodeSeen(seenAt("a", T0), BLUE, T0.plusSeconds(59), NO_ENDPOINTS);

    assertThat(batcher.flush()).isZero();
    assertThat(sent).isEmpty();
  }

  @Test
  void aNodeWhoseStoredLastSeenIsAMinuteOldIsRecordedAgain() {
    batcher.nodeSeen(seenAt("a", T0), BLUE, T0.plusSeconds(60), NO_ENDPOINTS);

    assertThat(batcher.flush()).isEqualTo(1);
    assertThat(sent).containsExactly(lastSeen("a", "2026-11-23T10:01:00Z"));
  }

  @Test
  void aShortNodeExpiryIsRecordedToATenthOfItself() {
    CVLAN brief = TestResources.cvlan("brief", "10.0.1.0/24");
    brief.getSpec().setNodeExpiry("5m");

    batcher.nodeSeen(seenAt("a", T0), brief, T0.plusSeconds(29), NO_ENDPOINTS);
    assertThat(batcher.flush()).isZero();
    batcher.nodeSeen(seenAt("a", T0), brief, T0.plusSeconds(30), NO_ENDPOINTS);
    assertThat(batcher.flush()).isEqualTo(1);
  }

  @Test
  void endpointsThatMovedAreWrittenEvenWhileLastSeenIsFresh() {
    batcher.nodeSeen(seenAt("a", T0), BLUE, T0.plusSeconds(5), List.of(new EndpointDto("203.0.113.9", 51820)));

    assertThat(batcher.flush()).isEqualTo(2);
    assertThat(sent).containsExactly(endpoints("a", "[{\"host\":\"203.0.113.9\",\"port\":51820}]"),
        lastSeen("a", "2026-11-23T10:00:05Z"));
  }

  @Test
  void aVRouterPollingManyTimesIsWrittenOncePerFlush() {
    var edge = TestResources.vrouter("edge", "blue");
    for (int i = 0; i < 10; i++) {
      batcher.vrouterSeen(edge, T0.plusSeconds(i));
    }

    assertThat(batcher.flush()).isEqualTo(1);
    assertThat(sent).containsExactly(new Write("VRouter", "edge", "status", "{\"status\":{\"lastSeen\":\"2026-11-23T10:00:09Z\"}}"));
    assertThat(counted("vrouter", "status")).isEqualTo(1);
  }

  @Test
  void aNodeDeletedSinceItsPollIsForgottenNotRetried() {
    batcher.nodeSeen(node("gone"), BLUE, T0, NO_ENDPOINTS);
    failNext.put("gone", 404);

    assertThat(batcher.flush()).isZero();
    assertThat(batcher.flush()).isZero();
    assertThat(sent).isEmpty();
  }

  @Test
  void aWriteThatFailedOtherwiseIsRetriedWithTheNextFlush() {
    batcher.nodeSeen(node("a"), BLUE, T0, NO_ENDPOINTS);
    failNext.put("a", 500);
    assertThat(batcher.flush()).isZero();

    assertThat(batcher.flush()).isEqualTo(1);
    assertThat(sent).containsExactly(lastSeen("a", "2026-11-23T10:00:00Z"));
  }

  @Test
  void aPollAfterAFailedWriteIsWhatTheRetryWrites() {
    OverlayNode a = node("a");
    batcher.nodeSeen(a, BLUE, T0, List.of(new EndpointDto("203.0.113.9", 51820)));
    failNext.put("a", 500);
    assertThat(batcher.flush()).isZero();

    batcher.nodeSeen(a, BLUE, T0.plusSeconds(30), NO_ENDPOINTS);

    assertThat(batcher.flush()).isEqualTo(2);
    assertThat(sent).containsExactly(endpoints("a", "[{\"host\":\"203.0.113.9\",\"port\":51820}]"),
        lastSeen("a", "2026-11-23T10:00:30Z"));
  }
}
