package io.cvlan.cache;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One kind, watched over a {@link WatchScope}: a single informer across all namespaces, or one per namespace
 * in scope, read as one cache. Lookups by index concatenate (an index key names one namespace in
 * practice, so at most one part answers).
 */
public final class ScopedInformer<T extends HasMetadata> implements AutoCloseable {
  private final List<SharedIndexInformer<T>> parts;

  private ScopedInformer(List<SharedIndexInformer<T>> parts) {
    this.parts = List.copyOf(parts);
  }

  /** Each part gets a store of its own from {@code stores} and the same {@code indexers}; none is started. */
  public static <T extends HasMetadata> ScopedInformer<T> of(List<SharedIndexInformer<T>> parts, Supplier<ItemStore<T>> stores,
      Map<String, Function<T, List<String>>> indexers) {
    for (SharedIndexInformer<T> part : parts) {
      part.itemStore(stores.get());
      if (!indexers.isEmpty()) {
        part.addIndexers(indexers);
      }
    }
    return new ScopedInformer<>(parts);
  }

  public ScopedInformer<T> addEventHandler(ResourceEventHandler<? super T> handler) {
    parts.forEach(part -> part.addEventHandler(handler));
    return this;
  }

  /** Completes once every part has synced. */
  public CompletableFuture<Void> start() {
    return CompletableFuture.allOf(parts.stream().map(p -> p.start().toCompletableFuture()).toArray(CompletableFuture[]::new));
  }

  public boolean hasSynced() {
    return parts.stream().allMatch(SharedIndexInformer::hasSynced);
  }

  public List<T> byIndex(String index, String key) {
    if (parts.size() == 1) {
      return parts.get(0).getIndexer().byIndex(index, key);
    }
    return parts.stream().flatMap(p -> p.getIndexer().byIndex(index, key).stream()).toList();
  }

  public Optional<T> get(String namespace, String name) {
    String key = Cache.namespaceKeyFunc(namespace, name);
    return parts.stream().map(p -> p.getStore().getByKey(key)).filter(java.util.Objects::nonNull).findFirst();
  }

  /** The current object for {@code object} (the same key), if still cached. */
  public Optional<T> current(T object) {
    return get(object.getMetadata().getNamespace(), object.getMetadata().getName());
  }

  public List<T> list() {
    if (parts.size() == 1) {
      return parts.get(0).getStore().list();
    }
    return parts.stream().flatMap(p -> p.getStore().list().stream()).toList();
  }

  @Override
  public void close() {
    parts.forEach(SharedIndexInformer::close);
  }
}
