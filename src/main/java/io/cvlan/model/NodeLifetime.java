package io.cvlan.model;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.pki.CertificateProfiles;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** When a node counts as gone: its last sign of life (lastSeen, else creation) plus the CVLAN's nodeExpiry. */
public final class NodeLifetime {
  static final Duration DEFAULT_EXPIRY = Duration.ofHours(720);

  private NodeLifetime() {}

  public static Instant expiresAt(OverlayNode node, CVLAN cvlan) {
    Instant lastSign = Optional.ofNullable(node.getStatus()).map(s -> s.getLastSeen()).map(Instant::parse)
        .orElse(Instant.parse(node.getMetadata().getCreationTimestamp()));
    return lastSign.plus(expiry(cvlan));
  }

  static Duration expiry(CVLAN cvlan) {
    return CertificateProfiles.parseDuration(cvlan.getSpec().getNodeExpiry(), DEFAULT_EXPIRY);
  }
}
