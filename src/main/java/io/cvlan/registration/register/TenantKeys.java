package io.cvlan.registration.register;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.cvlan.operator.token.SigningKeyStore;
import io.cvlan.token.KeyRing;
import io.cvlan.token.VerificationKeys;
import java.time.Duration;
import java.util.Optional;

/**
 * The tenants' public signing keys for the {@link io.cvlan.token.TokenVerifier}, read from each namespace's
 * key Secret and kept for a few seconds: a burst of registrations costs one Secret read, and a removed or
 * rotated key is seen within {@link #TTL}.
 */
final class TenantKeys implements VerificationKeys {
  static final Duration TTL = Duration.ofSeconds(2);

  private final LoadingCache<String, Optional<KeyRing>> rings;

  TenantKeys(SigningKeyStore store) {
    this.rings = Caffeine.newBuilder()
        .maximumSize(10_000)
        .expireAfterWrite(TTL)
        .executor(Runnable::run)
        .build(store::ring);
  }

  @Override
  public Optional<byte[]> publicKey(String tenantId, String kid) {
    return rings.get(tenantId).flatMap(ring -> ring.publicKey(kid));
  }
}
