package io.cvlan.registration.poll;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.model.NodeLifetime;
import io.cvlan.api.v1alpha1.WireGuardEndpoint;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.api.v1alpha1.VRouter;
import io.cvlan.registration.protocol.EndpointDto;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs of life, written in batches: a poll only records the node's lastSeen (and its endpoints when they
 * differ from what peers see) in memory; {@link #flush} writes one status merge patch per node seen since
 * the last flush, and one spec merge patch per node whose endpoints moved. Thousands of nodes polling every
 * few seconds cost one write per node per flush interval, not one per poll — and a node's lastSeen is only
 * recorded again once the one stored is due ({@link NodeLifetime#lastSeenDue}): about a write a minute per
 * node. A VRouter's is recorded at every flush: its AgentConnected condition needs it to the second.
 */
public final class SeenBatcher {
  private static final Logger log = LoggerFactory.getLogger(SeenBatcher.class);

  enum Kind { node, vrouter }

  record Key(Kind kind, String namespace, String name) {}

  /** The latest sign of life, and endpoints to publish if they changed (null: leave spec alone). */
  record Seen(Instant at, List<WireGuardEndpoint> endpoints) {}

  /** How a write reaches the API server: one JSON merge patch of a resource, or of its status. */
  @FunctionalInterface
  interface MergePatches {
    void patch(Class<? extends HasMetadata> type, String namespace, String name, boolean status, Map<String, Object> body);
  }

  private final MergePatches patches;
  private final MeterRegistry metrics;
  private final ConcurrentMap<Key, Seen> pending = new ConcurrentHashMap<>();

  SeenBatcher(KubernetesClient client, MeterRegistry metrics) {
    this((type, namespace, name, status, body) -> patch(client, type, namespace, name, status, body), metrics);
  }

  SeenBatcher(MergePatches patches, MeterRegistry metrics) {
    this.patches = patches;
    this.metrics = metrics;
  }

  /** {@code node} as cached; its lastSeen is recorded again only when due ({@link NodeLifetime#lastSeenDue}). */
  void nodeSeen(OverlayNode node, CVLAN cvlan, Instant at, List<EndpointDto> reported) {
    List<WireGuardEndpoint> endpoints = reported.isEmpty() || sameEndpoints(node.getSpec().getEndpoints(), reported) ? null
        : reported.stream().map(SeenBatcher::endpoint).toList();
    if (endpoints == null && !NodeLifetime.lastSeenDue(node, cvlan, at)) {
      return;
    }
    Key key = new Key(Kind.node, node.getMetadata().getNamespace(), node.getMetadata().getName());
    pending.merge(key, new Seen(at, endpoints), (older, newer) -> new Seen(newer.at(),
        newer.endpoints() != null ? newer.endpoints() : older.endpoints()));
  }

  void vrouterSeen(VRouter vrouter, Instant at) {
    pending.put(new Key(Kind.vrouter, vrouter.getMetadata().getNamespace(), vrouter.getMetadata().getName()), new Seen(at, null));
  }

  /** Writes what was recorded since the last flush; returns the number of API writes. */
  public int flush() {
    int writes = 0;
    for (Key key : List.copyOf(pending.keySet())) {
      Seen seen = pending.remove(key);
      if (seen == null) {
        continue;
      }
      Class<? extends HasMetadata> type = key.kind() == Kind.node ? OverlayNode.class : VRouter.class;
      try {
        if (seen.endpoints() != null) {
          patches.patch(type, key.namespace(), key.name(), false, Map.of("spec", Map.of("endpoints", seen.endpoints())));
          writes++;
          metrics.counter("cvlan_api_seen_writes", "kind", key.kind().name(), "part", "spec").increment();
          log.info("namespace={} {}={} endpoints={} endpoints updated", key.namespace(), key.kind(), key.name(),
              seen.endpoints().size());
        }
        patches.patch(type, key.namespace(), key.name(), true, Map.of("status", Map.of("lastSeen", seen.at().toString())));
        writes++;
        metrics.counter("cvlan_api_seen_writes", "kind", key.kind().name(), "part", "status").increment();
      } catch (KubernetesClientException e) {
        // Gone since its poll (404): nothing to record. Anything else is retried with the next flush,
        // unless a newer poll has replaced the entry meanwhile.
        if (e.getCode() != 404) {
          pending.putIfAbsent(key, seen);
          log.warn("namespace={} {}={} lastSeen write failed code={}", key.namespace(), key.kind(), key.name(), e.getCode());
        }
      }
    }
    return writes;
  }

  private static void patch(KubernetesClient client, Class<? extends HasMetadata> type, String namespace, String name, boolean status,
      Map<String, Object> body) {
    String json = client.getKubernetesSerialization().asJson(body);
    var resource = client.resources(type).inNamespace(namespace).withName(name);
    if (status) {
      resource.subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), json);
    } else {
      resource.patch(PatchContext.of(PatchType.JSON_MERGE), json);
    }
  }

  private static boolean sameEndpoints(List<WireGuardEndpoint> current, List<EndpointDto> reported) {
    if (current == null || current.size() != reported.size()) {
      return false;
    }
    for (int i = 0; i < current.size(); i++) {
      if (!Objects.equals(current.get(i).getHost(), reported.get(i).host())
          || !Objects.equals(current.get(i).getPort(), reported.get(i).port())) {
        return false;
      }
    }
    return true;
  }

  private static WireGuardEndpoint endpoint(EndpointDto dto) {
    WireGuardEndpoint e = new WireGuardEndpoint();
    e.setHost(dto.host());
    e.setPort(dto.port());
    return e;
  }

}
