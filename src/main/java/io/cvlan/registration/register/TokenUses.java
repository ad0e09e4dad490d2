package io.cvlan.registration.register;

import io.cvlan.api.v1alpha1.RegistrationToken;
import io.cvlan.model.TokenUsage;
import io.cvlan.registration.http.ApiException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts token uses in the RegistrationToken's annotations ({@link TokenUsage}), always with a main-endpoint
 * update guarded by the resourceVersion: a concurrent writer makes ours fail with 409, and we re-read.
 *
 * <p>A token with {@code maxUses} is counted before its Node is created, one request at a time per token,
 * so that no two requests can take the last use. An unlimited token has nothing to protect, so its uses
 * are summed in memory and written once a second ({@link #flush()}): a fleet registering with one reusable
 * token does not queue on one object.
 */
final class TokenUses {
  private static final Logger log = LoggerFactory.getLogger(TokenUses.class);
  /** Enough for every one of a large race to be refused cleanly rather than with a 500. */
  static final int ATTEMPTS = 200;

  private final KubernetesClient client;
  private final Clock clock;
  private final Map<TokenKey, AtomicInteger> pending = new ConcurrentHashMap<>();

  record TokenKey(String namespace, String name, String uid) {}

  TokenUses(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** Whether the cached copy already shows every use spent: a fast refusal before any other work. */
  static boolean exhausted(RegistrationToken token) {
    Integer max = token.getSpec().getMaxUses();
    return max != null && TokenUsage.uses(token) >= max;
  }

  /** Takes one use of {@code token}: race-free against {@code maxUses}, or deferred when unlimited. */
  void take(RegistrationToken token) {
    TokenKey key = new TokenKey(token.getMetadata().getNamespace(), token.getMetadata().getName(), token.getMetadata().getUid());
    if (token.getSpec().getMaxUses() == null) {
      pending.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
      return;
    }
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      RegistrationToken fresh = read(key);
      Integer max = fresh.getSpec().getMaxUses();
      int uses = TokenUsage.uses(fresh);
      if (max != null && uses >= max) {
        throw exhaustedError();
      }
      if (write(fresh, uses + 1)) {
        return;
      }
      backOff(attempt);
    }
    throw ApiException.unavailable("busy", "the registration token is in heavy use; retry shortly", java.time.Duration.ofSeconds(1));
  }

  /**
   * Gives back a use taken for a Node that could not be created, so a failed request costs the token nothing.
   * Best effort: if this fails too, the use stays spent (the safe side of a bounded token).
   */
  void giveBack(RegistrationToken token) {
    TokenKey key = new TokenKey(token.getMetadata().getNamespace(), token.getMetadata().getName(), token.getMetadata().getUid());
    if (token.getSpec().getMaxUses() == null) {
      pending.computeIfAbsent(key, k -> new AtomicInteger()).decrementAndGet();
      return;
    }
    try {
      addUses(key, -1);
    } catch (RuntimeException e) {
      log.warn("namespace={} token={} use not given back error={}", key.namespace(), key.name(), e.toString());
    }
  }

  /** Writes the uses summed since the last flush; a failed write keeps them for the next one. */
  void flush() {
    for (TokenKey key : pending.keySet()) {
      AtomicInteger counter = pending.get(key);
      int delta = counter == null ? 0 : counter.getAndSet(0);
      if (delta == 0) {
        pending.remove(key, counter);
        continue;
      }
      try {
        addUses(key, delta);
      } catch (ApiException gone) {
        log.debug("namespace={} token={} gone, {} uses dropped", key.namespace(), key.name(), delta);
      } catch (RuntimeException e) {
        pending.computeIfAbsent(key, k -> new AtomicInteger()).addAndGet(delta);
        log.warn("namespace={} token={} uses not written yet error={}", key.namespace(), key.name(), e.toString());
      }
    }
  }

  private void addUses(TokenKey key, int delta) {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      RegistrationToken fresh = read(key);
      if (write(fresh, Math.max(0, TokenUsage.uses(fresh) + delta))) {
        return;
      }
      backOff(attempt);
    }
    throw new IllegalStateException("too many conflicts writing uses");
  }

  private RegistrationToken read(TokenKey key) {
    RegistrationToken fresh = client.resources(RegistrationToken.class).inNamespace(key.namespace()).withName(key.name()).get();
    if (fresh == null || !key.uid().equals(fresh.getMetadata().getUid()) || fresh.getMetadata().getDeletionTimestamp() != null) {
      throw TokenAdmission.revoked();
    }
    return fresh;
  }

  /** The guarded write; false when someone else wrote first (409). */
  private boolean write(RegistrationToken fresh, int uses) {
    Map<String, String> annotations = new HashMap<>(fresh.getMetadata().getAnnotations() == null ? Map.of()
        : fresh.getMetadata().getAnnotations());
    annotations.put(TokenUsage.USES, String.valueOf(uses));
    annotations.put(TokenUsage.LAST_USED_AT, clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    fresh.getMetadata().setAnnotations(annotations);
    try {
      // update() sends the resourceVersion we read: the API server refuses it if the token changed since.
      client.resource(fresh).update();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return false;
      }
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        throw TokenAdmission.revoked();
      }
      throw e;
    }
  }

  private static void backOff(int attempt) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, Math.min(50, 2 + attempt * 2L)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable("busy", "the server is shutting down; retry", java.time.Duration.ofSeconds(1));
    }
  }

  static ApiException exhaustedError() {
    return ApiException.forbidden("exhausted", "the registration token has no uses left; ask for a new one");
  }
}
