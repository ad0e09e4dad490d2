package io.cvlan.peers;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the writes (ADDED, MODIFIED) the API server sees per ConfigMap of a namespace, from a watch.
 *
 * <p>Counts are read behind a fence instead of after a quiet period: the reader creates a marker ConfigMap
 * and waits for its event. A watch delivers a namespace's events in the order of the writes, so once the
 * marker's event is in, every write made before the read has been counted, and none is still on its way.
 */
final class ConfigMapWrites implements Watcher<ConfigMap>, AutoCloseable {
  private static final String FENCE = "config-map-writes-fence-";
  /** Fences stay behind; numbered across instances, a later counter of the same namespace never reuses a name. */
  private static final AtomicInteger FENCES = new AtomicInteger();

  private final KubernetesClient client;
  private final String namespace;
  private final Map<String, AtomicInteger> writes = new ConcurrentHashMap<>();
  private final AtomicInteger total = new AtomicInteger();
  /** What existed before: the watch replays it as ADDED, and that is no write. */
  private final Set<String> before = ConcurrentHashMap.newKeySet();
  private final Set<String> fencesSeen = ConcurrentHashMap.newKeySet();
  private final Watch watch;

  ConfigMapWrites(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
    client.configMaps().inNamespace(namespace).list().getItems().forEach(cm -> before.add(key(cm)));
    this.watch = client.configMaps().inNamespace(namespace).watch(this);
  }

  private static String key(ConfigMap cm) {
    return cm.getMetadata().getName() + "@" + cm.getMetadata().getResourceVersion();
  }

  @Override
  public void eventReceived(Action action, ConfigMap cm) {
    String name = cm.getMetadata().getName();
    if (name.startsWith(FENCE)) {
      fencesSeen.add(name);
    } else if ((action == Action.ADDED || action == Action.MODIFIED) && !before.contains(key(cm))) {
      writes.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
      total.incrementAndGet();
    }
  }

  @Override
  public void onClose(WatcherException cause) {}

  /** The writes per ConfigMap name, counting every write made before this call. */
  Map<String, Integer> perConfigMap() {
    fence();
    Map<String, Integer> counts = new TreeMap<>();
    writes.forEach((name, n) -> counts.put(name, n.get()));
    return counts;
  }

  /** All writes, counting every write made before this call. */
  int total() {
    fence();
    return total.get();
  }

  /** Writes a marker and waits (bounded) until the watch has delivered it, and with it everything before it. */
  private void fence() {
    String marker = FENCE + FENCES.incrementAndGet();
    client.resource(new ConfigMapBuilder().withNewMetadata().withName(marker).withNamespace(namespace).endMetadata().build())
        .create();
    await().atMost(Duration.ofSeconds(20)).until(() -> fencesSeen.contains(marker));
  }

  @Override
  public void close() {
    watch.close();
  }
}
