package io.cvlan.model;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.pki.Csr;
import java.time.Duration;
import java.util.Optional;

/**
 * What a registration request just stored on the Node it created — the CSR and the certificate it signed —
 * handed to the confirming reconcile in the same process, which would otherwise read the Node back because
 * its cache leaves both out: one API read and one decode of the whole Node per registration. Handed over
 * before the create (the reconcile may hear of the Node before the request goes on), by the Node's namespace
 * and name, which are random and never reused by another registration; taken once; bounded, and a miss costs
 * only that read.
 */
public final class NewNodes {
  static final int CAPACITY = 10_000;
  static final Duration KEPT_FOR = Duration.ofMinutes(5);

  /** The CSR and certificate a registration stored on its Node. */
  public record Stored(Csr csr, String certificatePem) {}

  private final Cache<String, Stored> byName = Caffeine.newBuilder().maximumSize(CAPACITY).expireAfterWrite(KEPT_FOR)
      .executor(Runnable::run).build();

  /** {@code node} (not created yet) is about to be created carrying these. */
  public void creating(OverlayNode node, Csr csr, String certificatePem) {
    byName.put(key(node), new Stored(csr, certificatePem));
  }

  /** The create failed: nothing to hand over. */
  public void notCreated(OverlayNode node) {
    byName.invalidate(key(node));
  }

  /** What the registration stored on {@code node}, once; empty when another process created it, or long ago. */
  public Optional<Stored> take(OverlayNode node) {
    return Optional.ofNullable(byName.asMap().remove(key(node)));
  }

  private static String key(OverlayNode node) {
    return node.getMetadata().getNamespace() + "/" + node.getMetadata().getName();
  }
}
