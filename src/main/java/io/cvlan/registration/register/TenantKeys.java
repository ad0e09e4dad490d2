package io.cvlan.registration.register;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.cvlan.token.store.SigningKeyReader;
import io.cvlan.registration.cache.ResourceCache;
import io.cvlan.token.KeyRing;
import io.cvlan.token.VerificationKeys;
import java.time.Duration;
import java.util.Optional;

/**
 * The tenants' public signing keys for the {@link io.cvlan.token.TokenVerifier}, read from each namespace's
 * key Secret and kept for a few seconds: a burst of registrations costs one Secret read, and a removed or
 * rotated key is seen within {@link #TTL} and one read (a kid not in the cached ring triggers an early,
 * rate-limited re-read). A ring older than {@link #TTL} is re-read by the request that finds it so while the
 * others go on with it: under load, an expiring entry would hold every registration of the tenant behind
 * one API read.
 */
final class TenantKeys implements VerificationKeys {
  static final Duration TTL = Duration.ofSeconds(2);

  /** At most one forced re-read per tenant per interval: random kids cannot turn into a flood of reads. */
  static final Duration RELOAD_INTERVAL = Duration.ofSeconds(1);

  private final LoadingCache<String, Optional<KeyRing>> rings;
  private final Cache<String, Long> reloadedAt = Caffeine.newBuilder().maximumSize(10_000).executor(Runnable::run).build();
  private final ResourceCache cache;

  TenantKeys(SigningKeyReader store, ResourceCache cache) {
    this.cache = cache;
    this.rings = Caffeine.newBuilder()
        .maximumSize(10_000)
        .refreshAfterWrite(TTL)
        // Unused for this long, a ring is dropped and the next request reads it again, waiting for it.
        .expireAfterWrite(TTL.multipliedBy(2))
        .executor(Runnable::run)
        .build(store::ring);
  }

  @Override
  public Optional<byte[]> publicKey(String tenantId, String kid) {
    // tenant_id comes from a payload not yet verified: only namespaces with a CVLAN cost an API read.
    if (cache.cvlans(tenantId).isEmpty()) {
      return Optional.empty();
    }
    Optional<byte[]> key = rings.get(tenantId).flatMap(ring -> ring.publicKey(kid));
    if (key.isPresent() || !mayReload(tenantId)) {
      return key;
    }
    // A key added since the ring was cached (rotation, or the tenant's first token) is found at once.
    rings.invalidate(tenantId);
    return rings.get(tenantId).flatMap(ring -> ring.publicKey(kid));
  }

  private boolean mayReload(String tenantId) {
    long now = System.nanoTime();
    boolean[] allowed = {false};
    reloadedAt.asMap().compute(tenantId, (t, last) -> {
      if (last == null || now - last >= RELOAD_INTERVAL.toNanos()) {
        allowed[0] = true;
        return now;
      }
      return last;
    });
    return allowed[0];
  }
}
