package io.cvlan.cache;

import io.cvlan.api.v1alpha1.OverlayNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Every Node of the namespaces in scope, trimmed ({@link Trims#nodeLookups}) and indexed: one informer per
 * process, read by the registration API (lookups by identity, nonce, name) and by the CVLAN reconciler
 * (membership), which each had a copy of their own — the most numerous kind, decoded and held twice.
 */
public final class SharedNodes implements AutoCloseable {
  public static final String BY_UID = "uid";
  public static final String BY_HOSTNAME = "hostname";
  public static final String BY_PUBLIC_KEY = "publicKey";
  public static final String BY_CVLAN = "cvlan";
  /** The registration nonce label of a Node: a replay is found by one lookup, not a scan. */
  public static final String BY_NONCE = "nonce";
  public static final String NONCE_LABEL = "cvlan.io/nonce";
  /** Node names across namespaces: a client certificate names its holder, not its namespace. */
  public static final String BY_NAME = "name";
  private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(60);

  private final ScopedInformer<OverlayNode> informer;

  private SharedNodes(ScopedInformer<OverlayNode> informer) {
    this.informer = informer;
  }

  /** Starts watching Nodes over {@code scope}; returns once the cache holds every existing one. */
  public static SharedNodes start(KubernetesClient client, WatchScope scope) {
    ScopedInformer<OverlayNode> informer = ScopedInformer.of(scope.over(client.resources(OverlayNode.class)).stream()
        .map(w -> w.withLimit(Trims.LIST_LIMIT).runnableInformer(0)).toList(), Trims::nodeLookups, Map.of(
        BY_UID, n -> List.of(n.getMetadata().getUid()),
        BY_HOSTNAME, n -> List.of(key(n.getMetadata().getNamespace(), n.getSpec().getCvlan(), n.getSpec().getHostname())),
        BY_PUBLIC_KEY, n -> List.of(key(n.getMetadata().getNamespace(), n.getSpec().getCvlan(), n.getSpec().getPublicKey())),
        BY_CVLAN, n -> List.of(key(n.getMetadata().getNamespace(), n.getSpec().getCvlan())),
        BY_NAME, n -> List.of(n.getMetadata().getName()),
        BY_NONCE, n -> Optional.ofNullable(n.getMetadata().getLabels()).map(l -> l.get(NONCE_LABEL))
            .map(nonce -> List.of(key(n.getMetadata().getNamespace(), nonce))).orElse(List.of())));
    try {
      informer.start().get(SYNC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      informer.close();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while syncing Nodes", e);
    } catch (Exception e) {
      informer.close();
      throw new IllegalStateException("Nodes did not sync within " + SYNC_TIMEOUT + " (namespaces=" + scope + "): " + e.getMessage(), e);
    }
    return new SharedNodes(informer);
  }

  public static String key(String... parts) {
    return String.join("/", parts);
  }

  /** The informer, for lookups by index and for components that react to changes. */
  public ScopedInformer<OverlayNode> informer() {
    return informer;
  }

  /** The members of one CVLAN. */
  public List<OverlayNode> ofCvlan(String namespace, String cvlan) {
    return informer.byIndex(BY_CVLAN, key(namespace, cvlan));
  }

  public boolean synced() {
    return informer.hasSynced();
  }

  @Override
  public void close() {
    informer.close();
  }
}
