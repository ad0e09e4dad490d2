package io.cvlan.token;

import java.util.Optional;

/**
 * Where the verifier finds public keys: the operator reads them from the tenant's key Secret.
 * Called on every verification, cache hits included (that is how removing a key revokes its tokens at
 * once), so implementations should answer from memory, e.g. an informer cache.
 */
@FunctionalInterface
public interface VerificationKeys {

  /**
   * The 32-byte Ed25519 public key named {@code kid} in the key ring of {@code tenantId} (the token's
   * {@code tenant_id} claim), or empty if there is no such key (never was, or removed).
   */
  Optional<byte[]> publicKey(String tenantId, String kid);
}
