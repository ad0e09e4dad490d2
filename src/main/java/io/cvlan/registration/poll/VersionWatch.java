package io.cvlan.registration.poll;

import io.cvlan.registration.cache.ResourceCache;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.ToLongBiFunction;

/**
 * Long-polls without threads: a waiting poll is a future plus a Vert.x timer. The peer ConfigMap events
 * ({@link #moved}) complete every waiter of that CVLAN whose version is behind; the timer completes the rest
 * with the version as it stands when the wait ends.
 */
public final class VersionWatch {
  public static final Duration MAX_WAIT = Duration.ofSeconds(60);

  private final Vertx vertx;
  private final ToLongBiFunction<String, String> currentVersion;
  private final ConcurrentMap<String, Set<Waiter>> waiters = new ConcurrentHashMap<>();

  private final class Waiter {
    final long version;
    final CompletableFuture<Long> done = new CompletableFuture<>();
    final java.util.concurrent.atomic.AtomicBoolean answered = new java.util.concurrent.atomic.AtomicBoolean();
    volatile long timer = -1;

    Waiter(long version) {
      this.version = version;
    }

    /** Leaves the waiting set before completing: whoever sees the answer sees the poll no longer waiting. */
    void complete(String key, long now) {
      if (!answered.compareAndSet(false, true)) {
        return;
      }
      vertx.cancelTimer(timer);
      Set<Waiter> set = waiters.get(key);
      if (set != null) {
        set.remove(this);
      }
      done.complete(now);
    }
  }

  public VersionWatch(Vertx vertx, ToLongBiFunction<String, String> currentVersion) {
    this.vertx = vertx;
    this.currentVersion = currentVersion;
  }

  /** Completes with the CVLAN's version once it is above {@code version}, or with the current one after {@code wait}. */
  public CompletionStage<Long> awaitNewerThan(String namespace, String cvlan, long version, Duration wait) {
    String key = ResourceCache.key(namespace, cvlan);
    Waiter waiter = new Waiter(version);
    waiters.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(waiter);
    long millis = Math.max(1, Math.min(wait.toMillis(), MAX_WAIT.toMillis()));
    waiter.timer = vertx.setTimer(millis, id -> waiter.complete(key, currentVersion.applyAsLong(namespace, cvlan)));
    // Registered first, checked second: a move between the caller's read and the registration is not lost.
    long now = currentVersion.applyAsLong(namespace, cvlan);
    if (now > version) {
      waiter.complete(key, now);
    }
    return waiter.done;
  }

  /** The CVLAN's peer version is now {@code version}: wake whoever waits for less. */
  public void moved(String namespace, String cvlan, long version) {
    String key = ResourceCache.key(namespace, cvlan);
    Set<Waiter> set = waiters.get(key);
    if (set == null) {
      return;
    }
    for (Waiter waiter : Set.copyOf(set)) {
      if (version > waiter.version) {
        waiter.complete(key, version);
      }
    }
  }

  /** Polls waiting right now, for metrics and tests. */
  public int waiting() {
    return waiters.values().stream().mapToInt(Set::size).sum();
  }
}
