package io.cvlan.pki;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.CertificatesSpec;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.api.v1alpha1.SpecDuration;
import io.cvlan.api.v1alpha1.VRouter;
import io.cvlan.pki.CertificateRequest;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/** The two certificate profiles of DESIGN §2: a node's (1 year) and a vrouter's (8 hours). */
public final class CertificateProfiles {
  static final Duration CLIENT_DEFAULT = Duration.ofHours(8760);
  static final Duration VROUTER_DEFAULT = Duration.ofHours(8);

  private CertificateProfiles() {}

  public static String nodeSecret(OverlayNode node) {
    return tlsSecret(node.getMetadata().getName());
  }

  public static String vrouterSecret(VRouter vrouter) {
    return tlsSecret(vrouter.getMetadata().getName());
  }

  /** The Secret holding the certificate of the node or vrouter {@code name}. */
  public static String tlsSecret(String name) {
    return name + "-tls";
  }

  /** The URI SAN that names a node in its client certificate. */
  public static String nodeUri(String id) {
    return "node:" + id;
  }

  /** The URI SAN that names a vrouter in its certificate. */
  public static String vrouterUri(String name) {
    return "vrouter:" + name;
  }

  public static CertificateRequest node(CVLAN cvlan, OverlayNode node, Optional<? extends Csr> csr) {
    String id = node.getMetadata().getName();
    return new CertificateRequest(node.getMetadata().getNamespace(), nodeSecret(node), "node-" + id, nodeUri(id),
        validity(cvlan, CertificatesSpec::getClientDuration, CLIENT_DEFAULT), csr.map(Csr.class::cast), node);
  }

  public static CertificateRequest vrouter(CVLAN cvlan, VRouter vrouter) {
    return vrouter(cvlan, vrouter, Optional.empty());
  }

  /** A vrouter's certificate for the key of {@code csr} (its agent's), or for a key the issuer makes when empty. */
  public static CertificateRequest vrouter(CVLAN cvlan, VRouter vrouter, Optional<? extends Csr> csr) {
    String id = vrouter.getMetadata().getName();
    return new CertificateRequest(vrouter.getMetadata().getNamespace(), vrouterSecret(vrouter), "vrouter-" + id,
        vrouterUri(id), validity(cvlan, CertificatesSpec::getVrouterDuration, VROUTER_DEFAULT), csr.map(Csr.class::cast),
        vrouter);
  }

  private static Duration validity(CVLAN cvlan, Function<CertificatesSpec, String> field, Duration fallback) {
    return parseDuration(Optional.ofNullable(cvlan.getSpec().getCertificates()).map(field).orElse(null), fallback);
  }

  /**
   * A positive Kubernetes duration ("8760h", "30m"); the schema refuses any other, so one admitted before the
   * schema did (a zero, a fraction) falls back.
   */
  public static Duration parseDuration(String text, Duration fallback) {
    if (text == null) {
      return fallback;
    }
    try {
      Duration parsed = SpecDuration.parse(text);
      return parsed.isZero() ? fallback : parsed;
    } catch (IllegalArgumentException e) {
      return fallback;
    }
  }
}
