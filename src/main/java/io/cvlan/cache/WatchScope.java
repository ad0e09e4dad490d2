package io.cvlan.cache;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The namespaces a process watches: every namespace, or a fixed set. An operator restricted to its
 * namespaces lists and watches nothing outside them, so that namespaced RBAC suffices and another
 * tenant's ten thousand Nodes cost it nothing.
 */
public record WatchScope(Set<String> namespaces) {
  public WatchScope {
    namespaces = Set.copyOf(namespaces);
  }

  public static WatchScope everyNamespace() {
    return new WatchScope(Set.of());
  }

  public static WatchScope of(Set<String> namespaces) {
    return new WatchScope(namespaces);
  }

  public boolean isEveryNamespace() {
    return namespaces.isEmpty();
  }

  public boolean includes(String namespace) {
    return isEveryNamespace() || namespaces.contains(namespace);
  }

  /** What to list and watch {@code kind} on: across all namespaces, or one per namespace in scope (sorted). */
  public <T extends HasMetadata, L extends KubernetesResourceList<T>, R extends Resource<T>>
      List<FilterWatchListDeletable<T, L, ? extends Resource<T>>> over(MixedOperation<T, L, R> kind) {
    if (isEveryNamespace()) {
      return List.of(kind.inAnyNamespace());
    }
    return new TreeSet<>(namespaces).stream().<FilterWatchListDeletable<T, L, ? extends Resource<T>>>map(kind::inNamespace).toList();
  }

  @Override
  public String toString() {
    return isEveryNamespace() ? "all" : String.join(",", new TreeSet<>(namespaces));
  }
}
