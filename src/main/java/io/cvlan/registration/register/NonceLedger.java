package io.cvlan.registration.register;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cvlan.registration.http.ApiException;
import io.cvlan.registration.cache.ResourceCache;
import java.time.Duration;

/**
 * Refuses a registration nonce seen before under the same token. Two memories: the {@link #LABEL} on every
 * Node created (it survives restarts and is seen by every replica), and a per-replica cache of the last
 * 24 h that also covers refused and idempotent requests, which create no Node.
 */
final class NonceLedger {
  static final String LABEL = ResourceCache.NONCE_LABEL;
  static final Duration REMEMBER = Duration.ofHours(24);

  private final ResourceCache cache;
  private final Cache<String, Boolean> seen = Caffeine.newBuilder()
      .expireAfterWrite(REMEMBER)
      .maximumSize(1_000_000)
      .executor(Runnable::run)
      .build();

  NonceLedger(ResourceCache cache) {
    this.cache = cache;
  }

  /** Records the nonce as used; throws 409 {@code nonce_replayed} if it already was. */
  String claim(String namespace, String tokenId, String nonce) {
    String label = Digests.nonceLabel(tokenId, nonce);
    if (cache.nonceUsed(namespace, label) || seen.asMap().putIfAbsent(label, Boolean.TRUE) != null) {
      throw ApiException.conflict("nonce_replayed", "this nonce was already used; send 32 fresh random bytes with every request");
    }
    return label;
  }

  /** For callers that create no Node (vrouters): the per-replica memory alone. */
  void claimInMemory(String tokenId, String nonce) {
    if (seen.asMap().putIfAbsent(Digests.nonceLabel(tokenId, nonce), Boolean.TRUE) != null) {
      throw ApiException.conflict("nonce_replayed", "this nonce was already used; send 32 fresh random bytes with every request");
    }
  }
}
