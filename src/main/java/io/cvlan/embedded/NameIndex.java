package io.cvlan.embedded;

import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CRUD store's keys by object name. fabric8's store finds an object by testing every stored key against
 * the request's, so each create, patch and named GET costs as much as the store is large: at 1,000 Nodes
 * (with their claims) it spends more CPU scanning than anything else does registering them, and the embedded
 * server slows as it fills, where kube-apiserver reads etcd by key. The index only narrows the scan to the
 * keys with the requested name; each candidate is still tested with the store's own matching.
 */
final class NameIndex {
  private final Map<Attribute, Set<AttributeSet>> byName = new ConcurrentHashMap<>();

  void added(AttributeSet key) {
    Attribute name = key.getAttribute(KubernetesAttributesExtractor.NAME);
    if (name != null) {
      byName.compute(name, (n, keys) -> {
        Set<AttributeSet> updated = keys == null ? new LinkedHashSet<>() : new LinkedHashSet<>(keys);
        updated.add(key);
        return updated;
      });
    }
  }

  void removed(AttributeSet key) {
    Attribute name = key.getAttribute(KubernetesAttributesExtractor.NAME);
    if (name != null) {
      byName.computeIfPresent(name, (n, keys) -> {
        Set<AttributeSet> updated = new LinkedHashSet<>(keys);
        updated.remove(key);
        return updated.isEmpty() ? null : updated;
      });
    }
  }

  void clear() {
    byName.clear();
  }

  /** Whether {@code query} names one object, so that {@link #find} answers it; else the store must be scanned. */
  static boolean names(AttributeSet query) {
    Attribute name = query.getAttribute(KubernetesAttributesExtractor.NAME);
    return name != null && name.getType() == AttributeType.WITH && name.getValues().size() == 1;
  }

  /** The first stored object {@code query} matches among those with its name; {@code query} must {@link #names} one. */
  Optional<Map.Entry<AttributeSet, String>> find(Map<AttributeSet, String> store, AttributeSet query) {
    List<AttributeSet> candidates = new ArrayList<>(byName.getOrDefault(query.getAttribute(KubernetesAttributesExtractor.NAME), Set.of()));
    for (AttributeSet candidate : candidates) {
      String value = store.get(candidate);
      if (value != null && candidate.matches(query)) {
        return Optional.of(new AbstractMap.SimpleImmutableEntry<>(candidate, value));
      }
    }
    return Optional.empty();
  }
}
