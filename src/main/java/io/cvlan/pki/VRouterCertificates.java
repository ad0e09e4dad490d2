package io.cvlan.pki;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.Labels;
import io.cvlan.api.v1alpha1.VRouter;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * A VRouter's certificate for the key its agent keeps (DESIGN §2: the agent may send a CSR so that its key
 * never leaves it). The CSR is kept as an annotation of the certificate Secret, so that the operator's
 * renewal signs that same key again instead of replacing it with one of its own. Only the built-in CA signs
 * a CSR at once; with cert-manager the certificate and its key come from cert-manager's Secret, as before.
 */
public final class VRouterCertificates {
  private VRouterCertificates() {}

  /** The CSR the vrouter's agent last sent, if its certificate Secret keeps one: verified only if it is signed. */
  public static Optional<StoredCsr> csrOf(KubernetesClient client, VRouter vrouter) {
    return csrOf(client.secrets().inNamespace(vrouter.getMetadata().getNamespace())
        .withName(CertificateProfiles.vrouterSecret(vrouter)).get());
  }

  static Optional<StoredCsr> csrOf(Secret secret) {
    return Optional.ofNullable(secret).map(Secret::getMetadata).map(m -> m.getAnnotations())
        .map(a -> a.get(Labels.CSR_ANNOTATION))
        .map(encoded -> new StoredCsr(new String(Base64.getDecoder().decode(encoded), StandardCharsets.US_ASCII)));
  }

  /**
   * The certificate for {@code csr}'s key: the Secret's while it certifies that key and is not due for
   * renewal, else a new one (written to the Secret with the CSR). Empty when the CVLAN's issuer cannot sign
   * a CSR now (cert-manager).
   */
  public static Optional<IssueResult.Issued> forCsr(CertificateIssuers issuers, CVLAN cvlan, VRouter vrouter, VerifiedCsr csr)
      throws InvalidCsrException {
    CertificateIssuer issuer = issuers.forCvlan(cvlan);
    if (issuer != issuers.builtInCa()) {
      return Optional.empty();
    }
    CertificateRequest request = CertificateProfiles.vrouter(cvlan, vrouter, Optional.of(csr));
    Optional<IssueResult.Issued> current = issuer.current(cvlan, request);
    if (current.isPresent()) {
      return current;
    }
    return Optional.of((IssueResult.Issued) issuer.issue(cvlan, request));
  }
}
