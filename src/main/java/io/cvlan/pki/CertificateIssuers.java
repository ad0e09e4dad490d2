package io.cvlan.pki;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.CertificatesSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Picks the issuer a CVLAN asks for: cert-manager when it names an issuer, the built-in CA otherwise. */
public final class CertificateIssuers {
  public static final String CERTIFICATES_CRD = "certificates.cert-manager.io";
  /** cert-manager is installed or removed rarely; asking once in a while spares the API server. */
  static final Duration INSTALLED_CACHE = Duration.ofSeconds(30);
  private static final Logger LOG = LoggerFactory.getLogger(CertificateIssuers.class);

  private final KubernetesClient client;
  private final Clock clock;
  private final BuiltInCa builtIn;
  private final CertManagerIssuer certManager;
  private volatile Answer installed;

  private record Answer(boolean installed, Instant askedAt) {
  }

  public CertificateIssuers(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
    this.builtIn = new BuiltInCa(client, clock);
    this.certManager = new CertManagerIssuer(client, clock, this::certManagerInstalled);
  }

  public CertificateIssuer forCvlan(CVLAN cvlan) {
    CertificatesSpec certificates = cvlan.getSpec() == null ? null : cvlan.getSpec().getCertificates();
    return certificates != null && certificates.getIssuerRef() != null ? certManager : builtIn;
  }

  /** Whether the cert-manager Certificate CRD exists; the answer is kept for {@link #INSTALLED_CACHE}. */
  public boolean certManagerInstalled() {
    Instant now = clock.instant();
    Answer answer = installed;
    if (answer == null || !now.isBefore(answer.askedAt().plus(INSTALLED_CACHE)) || now.isBefore(answer.askedAt())) {
      answer = new Answer(ask(), now);
      installed = answer;
    }
    return answer.installed();
  }

  private boolean ask() {
    try {
      return client.apiextensions().v1().customResourceDefinitions().withName(CERTIFICATES_CRD).get() != null;
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_FORBIDDEN) {
        throw e;
      }
      // Without RBAC on CRDs, API discovery (readable by every authenticated user) still tells.
      LOG.warn("crd={} reason=Forbidden falling back to API discovery; grant get on customresourcedefinitions", CERTIFICATES_CRD);
      return client.hasApiGroup("cert-manager.io", false);
    }
  }

  /**
   * Revokes a certificate through its CVLAN's issuer. Without the CVLAN the issuer is unknown; the Secret
   * (owned by the certificate's holder) is what must go either way.
   */
  public void revoke(Optional<CVLAN> cvlan, String namespace, String secretName) {
    cvlan.map(this::forCvlan).orElse(builtIn).revoke(namespace, secretName);
  }

  /** A CVLAN is gone: its built-in CA goes with it (the API server's GC would, but the CA must not outlive it here). */
  public void forget(CVLAN cvlan) {
    builtIn.forget(cvlan);
  }

  /** The built-in CA, for callers that need the CVLAN's CA certificate itself (e.g. to serve mTLS). */
  public BuiltInCa builtInCa() {
    return builtIn;
  }
}
