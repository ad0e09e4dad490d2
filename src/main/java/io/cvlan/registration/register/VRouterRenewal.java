package io.cvlan.registration.register;

import io.cvlan.api.v1alpha1.VRouter;
import io.cvlan.pki.CertificateIssuers;
import io.cvlan.pki.CertificateProfiles;
import io.cvlan.pki.InvalidCsrException;
import io.cvlan.pki.StoredCertificates;
import io.cvlan.pki.VRouterCertificates;
import io.cvlan.pki.VerifiedCsr;
import io.cvlan.registration.cache.ResourceCache;
import io.cvlan.registration.http.ApiException;
import io.cvlan.registration.http.ApiHandler;
import io.cvlan.registration.http.RequestContext;
import io.cvlan.registration.poll.Caller;
import io.cvlan.registration.poll.ClientCertificates;
import io.cvlan.registration.protocol.CertificateResponse;
import io.cvlan.registration.protocol.RenewRequest;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /vrouter/renew}: a vrouter renews its 8-hour certificate with the one it holds (mTLS), never
 * with its join token again — as a node fetches its renewed certificate. With a CSR the built-in CA certifies
 * the vrouter's own key (the current certificate while it is not due, else a new one); otherwise, or with
 * cert-manager, the answer is its Secret's certificate, which the operator renews two thirds into its life.
 */
public final class VRouterRenewal implements ApiHandler<RenewRequest> {
  private static final Logger log = LoggerFactory.getLogger(VRouterRenewal.class);

  private final ClientCertificates certificates;
  private final CertificateIssuers issuers;
  private final ResourceCache cache;

  public VRouterRenewal(ClientCertificates certificates, CertificateIssuers issuers, ResourceCache cache) {
    this.certificates = certificates;
    this.issuers = issuers;
    this.cache = cache;
  }

  @Override
  public CompletionStage<CertificateResponse> handle(RenewRequest request, RequestContext context) {
    Optional<VerifiedCsr> csr = RequestCsr.checked(request == null ? null : request.csr());
    Caller.Router caller = certificates.vrouter(context);
    VRouter vrouter = caller.vrouter();
    String id = "vrouter-" + vrouter.getMetadata().getName();
    try {
      if (csr.isPresent()) {
        var signed = VRouterCertificates.forCsr(issuers, caller.cvlan(), vrouter, csr.get());
        if (signed.isPresent()) {
          log.info("namespace={} vrouter={} notAfter={} certificate renewed", caller.namespace(), vrouter.getMetadata().getName(),
              signed.get().notAfter());
          return CompletableFuture.completedFuture(new CertificateResponse(id, signed.get().certificatePem(), null,
              signed.get().caChainPem()));
        }
      }
    } catch (InvalidCsrException e) {
      throw new ApiException(400, "invalid_csr", e.getMessage());
    }
    StoredCertificates.Stored stored = StoredCertificates.inSecret(cache.client(), caller.namespace(),
        CertificateProfiles.vrouterSecret(vrouter)).orElseThrow(() -> ApiException.unavailable("not_ready",
            "the vrouter's certificate is being issued; retry", Duration.ofSeconds(5)));
    return CompletableFuture.completedFuture(new CertificateResponse(id, stored.certificate(), stored.privateKey().orElse(null),
        stored.caChain().orElse(null)));
  }
}
