package io.cvlan.registration.register;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serialises, on this replica, registrations that claim the same hostname or the same public key in one
 * CVLAN, so that an agent retrying concurrently gets one Node rather than two. Registrations of different
 * hosts never wait on each other. Locks are dropped when nobody holds or waits for them.
 */
final class IdentityLocks {
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  <T> T with(List<String> keys, Supplier<T> work) {
    List<String> ordered = keys.stream().distinct().sorted().toList(); // one global order: no deadlock
    List<ReentrantLock> held = new java.util.ArrayList<>(ordered.size());
    try {
      for (String key : ordered) {
        ReentrantLock lock = acquire(key);
        held.add(lock);
      }
      return work.get();
    } finally {
      for (int i = held.size() - 1; i >= 0; i--) {
        release(ordered.get(i), held.get(i));
      }
    }
  }

  private ReentrantLock acquire(String key) {
    while (true) {
      ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
      lock.lock();
      // The lock may have been dropped from the map between lookup and lock(): then take the current one.
      if (locks.get(key) == lock) {
        return lock;
      }
      lock.unlock();
    }
  }

  private void release(String key, ReentrantLock lock) {
    if (!lock.hasQueuedThreads()) {
      locks.remove(key, lock);
    }
    lock.unlock();
  }
}
