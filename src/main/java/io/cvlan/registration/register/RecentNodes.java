package io.cvlan.registration.register;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.registration.cache.ResourceCache;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.time.Duration;
import java.util.Optional;

/**
 * Nodes this replica created and its informer may not show yet: the next request for the same hostname or
 * key (a retry after a lost answer) finds its identity here at once, instead of every registration waiting
 * for the watch event of its own Node. Entries outlive any informer lag, then expire.
 */
final class RecentNodes {
  static final Duration REMEMBER = Duration.ofSeconds(60);

  private final ResourceCache cache;
  private final Cache<String, OverlayNode> byIdentity = Caffeine.newBuilder()
      .expireAfterWrite(REMEMBER)
      .maximumSize(100_000)
      .executor(Runnable::run)
      .build();
  /** Uids the informer saw deleted lately: a remembered Node among them is gone, not merely not seen yet. */
  private final Cache<String, Boolean> deleted = Caffeine.newBuilder()
      .expireAfterWrite(REMEMBER)
      .maximumSize(100_000)
      .executor(Runnable::run)
      .build();

  RecentNodes(ResourceCache cache) {
    this.cache = cache;
    cache.nodeInformer().addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(OverlayNode node) {
      }

      @Override
      public void onUpdate(OverlayNode older, OverlayNode node) {
      }

      @Override
      public void onDelete(OverlayNode node, boolean finalStateUnknown) {
        deleted.put(node.getMetadata().getUid(), Boolean.TRUE);
      }
    });
  }

  void created(OverlayNode node) {
    byIdentity.put(hostnameKey(node.getMetadata().getNamespace(), node.getSpec().getCvlan(), node.getSpec().getHostname()), node);
    byIdentity.put(publicKeyKey(node.getMetadata().getNamespace(), node.getSpec().getCvlan(), node.getSpec().getPublicKey()), node);
  }

  /** The informer's copy when it has one; this replica's own creation while it has not, unless since deleted. */
  Optional<OverlayNode> byHostname(String namespace, String cvlan, String hostname) {
    return cache.nodeByHostname(namespace, cvlan, hostname).or(() -> recent(hostnameKey(namespace, cvlan, hostname)));
  }

  Optional<OverlayNode> byPublicKey(String namespace, String cvlan, String publicKey) {
    return cache.nodeByPublicKey(namespace, cvlan, publicKey).or(() -> recent(publicKeyKey(namespace, cvlan, publicKey)));
  }

  /**
   * A remembered Node counts until the informer has caught up with it: once the cache knows a Node of that
   * name, or the informer saw it deleted, the informer's answer wins.
   */
  private Optional<OverlayNode> recent(String key) {
    OverlayNode remembered = byIdentity.getIfPresent(key);
    if (remembered == null) {
      return Optional.empty();
    }
    if (cache.node(remembered.getMetadata().getNamespace(), remembered.getMetadata().getName()).isPresent()
        || deleted.getIfPresent(remembered.getMetadata().getUid()) != null) {
      byIdentity.invalidate(key);
      return Optional.empty();
    }
    return Optional.of(remembered);
  }

  private static String hostnameKey(String namespace, String cvlan, String hostname) {
    return ResourceCache.key(namespace, cvlan, "hostname", hostname);
  }

  private static String publicKeyKey(String namespace, String cvlan, String publicKey) {
    return ResourceCache.key(namespace, cvlan, "publicKey", publicKey);
  }
}
