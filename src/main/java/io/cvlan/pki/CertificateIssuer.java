package io.cvlan.pki;

import io.cvlan.api.v1alpha1.CVLAN;
import java.util.Optional;

/** Issues node and vrouter certificates for one CVLAN; the certificate always lands in a Secret. */
public interface CertificateIssuer {

  /**
   * Signs the CSR's key now and writes nothing, when this issuer can: the built-in CA for a request with a
   * CSR. Empty when the certificate must come through {@link #issue} (a generated key must be stored; a
   * cert-manager issuer signs asynchronously). The caller keeps the certificate (DESIGN §2: the registration
   * request stores it with the Node it creates).
   */
  Optional<IssueResult.Issued> signNow(CVLAN cvlan, CertificateRequest request) throws InvalidCsrException;

  /** Issues (or re-issues) the certificate and writes its Secret; repeating the call is harmless. */
  IssueResult issue(CVLAN cvlan, CertificateRequest request) throws InvalidCsrException;

  /**
   * The certificate already in the request's Secret, if it is for the same identity, from the CVLAN's
   * current issuer and not yet due for renewal.
   */
  Optional<IssueResult.Issued> current(CVLAN cvlan, CertificateRequest request);

  /** Deletes what {@link #issue} created; absent objects are fine. */
  void revoke(String namespace, String secretName);
}
