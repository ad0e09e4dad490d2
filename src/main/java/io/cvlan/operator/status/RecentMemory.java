package io.cvlan.operator.status;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded map that forgets what was least recently used. Every access takes its lock for the map
 * operation only: callers never hold it across an API call.
 */
final class RecentMemory<K, V> {
  private final Map<K, V> entries;

  RecentMemory(int capacity) {
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
      }
    };
  }

  synchronized V get(K key) {
    return entries.get(key);
  }

  /** The value remembered before, or null. */
  synchronized V put(K key, V value) {
    return entries.put(key, value);
  }
}
