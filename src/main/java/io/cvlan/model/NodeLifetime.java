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
  public static final Duration LAST_SEEN_PRECISION = Duration.ofMinutes(1);

  private NodeLifetime() {}

  public static Instant expiresAt(OverlayNode node, CVLAN cvlan) {
    Instant lastSign = Optional.ofNullable(node.getStatus()).map(s -> s.getLastSeen()).map(Instant::parse)
        .orElse(Instant.parse(node.getMetadata().getCreationTimestamp()));
    return lastSign.plus(expiry(cvlan));
  }

  /**
   * Whether a poll at {@code now} should record the node's sign of life again: its lastSeen is older than a
   * tenth of the expiry, and at most {@link #LAST_SEEN_PRECISION}. Ten thousand nodes polling every few seconds
   * would otherwise cost a status write each per flush — two thousand a second at a 5 s flush — where the
   * expiry needs a tenth of its own precision and a person reading LAST-SEEN about a minute's.
   */
  public static boolean lastSeenDue(OverlayNode node, CVLAN cvlan, Instant now) {
    String recorded = node.getStatus() == null ? null : node.getStatus().getLastSeen();
    if (recorded == null) {
      return true;
    }
    Duration tenth = expiry(cvlan).dividedBy(10);
    Duration precision = tenth.compareTo(LAST_SEEN_PRECISION) < 0 ? tenth : LAST_SEEN_PRECISION;
    return !Instant.parse(recorded).plus(precision).isAfter(now);
  }

  static Duration expiry(CVLAN cvlan) {
    return CertificateProfiles.parseDuration(cvlan.getSpec().getNodeExpiry(), DEFAULT_EXPIRY);
  }
}
