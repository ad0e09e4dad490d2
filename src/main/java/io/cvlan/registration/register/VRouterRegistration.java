package io.cvlan.registration.register;

import io.cvlan.model.Conditions;
import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.VRouter;
import io.cvlan.api.v1alpha1.VRouterStatus;
import io.cvlan.pki.CertificateProfiles;
import io.cvlan.model.NodeConditions;
import io.cvlan.peers.CvlanSettings;
import io.cvlan.peers.Peer;
import io.cvlan.peers.PeerEndpoint;
import io.cvlan.peers.PeerKind;
import io.cvlan.peers.PeerMembership;
import io.cvlan.registration.http.ApiHandler;
import io.cvlan.registration.cache.ResourceCache;
import io.cvlan.peers.PeerSnapshot;
import io.cvlan.registration.http.RequestContext;
import io.cvlan.registration.http.RequestValidation;
import io.cvlan.registration.protocol.RegisterRequest;
import io.cvlan.registration.protocol.RegisterResponse;
import io.cvlan.token.TokenClaims;
import io.cvlan.token.TokenKind;
import io.cvlan.pki.CertificateIssuers;
import io.cvlan.pki.InvalidCsrException;
import io.cvlan.pki.VRouterCertificates;
import io.cvlan.pki.VerifiedCsr;
import io.cvlan.registration.http.ApiException;
import io.cvlan.registration.poll.VRouterConfigs;
import java.time.Clock;
import java.util.Optional;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /vrouter/register}: a vrouter presents its join token (kind VRouter, token_id = its uid), its
 * WireGuard key and, optionally, a CSR (then the built-in CA certifies the agent's own key and no private key
 * is sent; without one, or with cert-manager, the key is the Secret's); it gets its 8-hour certificate, its
 * peers (every member of its first CVLAN) and its configuration (VPP parameters, and every CVLAN it serves with
 * its address there). It renews with {@code /vrouter/renew} and comes back only once its certificate lapsed,
 * so this is cheap: the VRouter already exists, only its public key and last sign of life are written.
 */
public final class VRouterRegistration implements ApiHandler<RegisterRequest> {
  public static final int POLL_INTERVAL_SECONDS = 5;
  private static final Logger log = LoggerFactory.getLogger(VRouterRegistration.class);

  private final ResourceCache cache;
  private final TokenAdmission admission;
  private final NonceLedger nonces;
  private final RegisterAnswers answers;
  private final CertificateIssuers issuers;
  private final Clock clock;

  VRouterRegistration(ResourceCache cache, TokenAdmission admission, NonceLedger nonces, RegisterAnswers answers,
      CertificateIssuers issuers, Clock clock) {
    this.cache = cache;
    this.issuers = issuers;
    this.admission = admission;
    this.nonces = nonces;
    this.answers = answers;
    this.clock = clock;
  }

  @Override
  public CompletionStage<RegisterResponse> handle(RegisterRequest request, RequestContext context) {
    RequestValidation.token(request.token());
    RequestValidation.publicKey(request.publicKey());
    RequestValidation.nonce(request.nonce());
    RequestValidation.endpoints(request.endpoints());
    Optional<VerifiedCsr> csr = RequestCsr.checked(request.csr());
    TokenClaims claims = admission.verify(request.token(), TokenKind.VROUTER);
    VRouter vrouter = cache.vrouterByUid(claims.tokenId())
        .filter(v -> v.getMetadata().getNamespace().equals(claims.tenantId()))
        .filter(v -> v.getMetadata().getDeletionTimestamp() == null)
        .orElseThrow(TokenAdmission::revoked);
    String namespace = vrouter.getMetadata().getNamespace();
    String name = vrouter.getMetadata().getName();
    CVLAN first = cache.cvlan(namespace, vrouter.getSpec().getCvlans().get(0)).orElseThrow(TokenAdmission::revoked);
    TokenAdmission.requireUsable(first);
    nonces.claimInMemory(claims.tokenId(), request.nonce());

    recordKey(vrouter, request.publicKey());
    VRouter ready = RegisterAnswers.awaitReady(() -> cache.vrouter(namespace, name)
        .filter(v -> Conditions.isTrue(v.getStatus(), NodeConditions.READY) && v.getStatus().getIpv4() != null), "vrouter " + name);
    if (!request.publicKey().equals(ready.getStatus().getPublicKey())) {
      // The operator's first status write replaces the whole status: a key recorded before it is lost. Once the
      // VRouter is Ready its writes are diffs, which keep the key.
      recordKey(ready, request.publicKey());
    }
    RegisterAnswers.Credentials credentials = signed(first, ready, csr).orElseGet(() -> RegisterAnswers.awaitReady(
        () -> answers.credentials(namespace, CertificateProfiles.vrouterSecret(ready)), "vrouter " + name));
    log.info("namespace={} vrouter={} csr={} registered", namespace, name, csr.isPresent());

    String id = PeerMembership.VROUTER_PREFIX + name;
    PeerSnapshot snapshot = answers.snapshot(namespace, first.getMetadata().getName());
    Peer self = new Peer(id, request.publicKey(), ready.getStatus().getIpv4(), null, // ipv6 plays no part in who peers
        request.endpoints().stream().map(e -> new PeerEndpoint(e.host(), e.port())).toList(), List.of(), PeerKind.vrouter,
        ready.getSpec().getRoutes());
    CvlanSettings settings = snapshot.settings().orElseGet(() -> CvlanSettings.of(first));
    String ipv6 = ready.getStatus().getAddresses().stream().filter(a -> first.getMetadata().getName().equals(a.getCvlan()))
        .map(io.cvlan.api.v1alpha1.VRouterAddress::getIpv6).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    return CompletableFuture.completedFuture(new RegisterResponse(id, ready.getStatus().getIpv4(), ipv6,
        credentials.certificate(), credentials.privateKey(), credentials.caChain(), RegisterAnswers.cvlanDto(first),
        RegisterAnswers.peersOf(self, snapshot, first), snapshot.version(), settings.derpMap(), RegisterAnswers.dns(settings),
        POLL_INTERVAL_SECONDS, VRouterConfigs.of(ready, c -> cache.cvlan(namespace, c)), null));
  }


  /** A certificate for the agent's own key, when it sent a CSR and the CVLAN's CA can sign one now (built-in). */
  private Optional<RegisterAnswers.Credentials> signed(CVLAN first, VRouter vrouter, Optional<VerifiedCsr> csr) {
    if (csr.isEmpty()) {
      return Optional.empty();
    }
    try {
      return VRouterCertificates.forCsr(issuers, first, vrouter, csr.get())
          .map(issued -> new RegisterAnswers.Credentials(issued.certificatePem(), null, issued.caChainPem()));
    } catch (InvalidCsrException e) {
      throw new ApiException(400, "invalid_csr", e.getMessage());
    }
  }

  /** The public key and last sign of life; a status write suffices: nothing is counted or claimed here. */
  private void recordKey(VRouter vrouter, String publicKey) {
    String now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    try {
      cache.client().resources(VRouter.class).inNamespace(vrouter.getMetadata().getNamespace())
          .withName(vrouter.getMetadata().getName()).editStatus(v -> {
            if (v.getStatus() == null) {
              v.setStatus(new VRouterStatus());
            }
            v.getStatus().setPublicKey(publicKey);
            v.getStatus().setLastSeen(now);
            return v;
          });
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      if (e.getCode() == 404) {
        throw TokenAdmission.revoked();
      }
      throw e;
    }
  }

}
