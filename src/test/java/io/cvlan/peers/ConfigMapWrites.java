package io.cvlan.peers;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts the writes (ADDED, MODIFIED) the API server sees per ConfigMap of a namespace, from a watch. */
final class ConfigMapWrites implements Watcher<ConfigMap>, AutoCloseable {
  private final Map<String, AtomicInteger> writes = new ConcurrentHashMap<>();
  private final AtomicInteger total = new AtomicInteger();
  /** What existed before: the watch replays it as ADDED, and that is no write. */
  private final java.util.Set<String> before = ConcurrentHashMap.newKeySet();
  private final Watch watch;

  ConfigMapWrites(KubernetesClient client, String namespace) {
    client.configMaps().inNamespace(namespace).list().getItems().forEach(cm -> before.add(key(cm)));
    this.watch = client.configMaps().inNamespace(namespace).watch(this);
  }

  private static String key(ConfigMap cm) {
    return cm.getMetadata().getName() + "@" + cm.getMetadata().getResourceVersion();
  }

  @Override
  public void eventReceived(Action action, ConfigMap cm) {
    if ((action == Action.ADDED || action == Action.MODIFIED) && !before.contains(key(cm))) {
      writes.computeIfAbsent(cm.getMetadata().getName(), n -> new AtomicInteger()).incrementAndGet();
      total.incrementAndGet();
    }
  }

  @Override
  public void onClose(WatcherException cause) {}

  /** The writes per name once {@code expected} have arrived and a short quiet period shows no more follow. */
  Map<String, Integer> awaitTotal(int expected) {
    await().atMost(Duration.ofSeconds(20)).until(() -> total.get() >= expected);
    quiet();
    Map<String, Integer> counts = new java.util.TreeMap<>();
    writes.forEach((name, n) -> counts.put(name, n.get()));
    return counts;
  }

  int total() {
    quiet();
    return total.get();
  }

  private static void quiet() {
    try {
      Thread.sleep(300);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    watch.close();
  }
}
