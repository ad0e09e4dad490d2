package io.cvlan.registration.register;

import io.cvlan.model.Conditions;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.cvlan.registration.protocol.Json;
import io.cvlan.registration.protocol.RegisterRequest;
import io.cvlan.registration.protocol.RegisterResponse;
import io.cvlan.token.TokenClaims;
import io.cvlan.token.TokenKind;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /vrouter/register}: a vrouter presents its join token (kind VRouter, token_id = its uid) and
 * its WireGuard key; it gets its 8-hour certificate, its peers (every member of its first CVLAN) and its
 * VPP configuration. It comes back every 8 hours, so this is cheap: the VRouter already exists, only its
 * public key and last sign of life are written.
 */
public final class VRouterRegistration implements ApiHandler<RegisterRequest> {
  public static final int POLL_INTERVAL_SECONDS = 5;
  private static final Logger log = LoggerFactory.getLogger(VRouterRegistration.class);

  private final ResourceCache cache;
  private final TokenAdmission admission;
  private final NonceLedger nonces;
  private final RegisterAnswers answers;
  private final Clock clock;

  VRouterRegistration(ResourceCache cache, TokenAdmission admission, NonceLedger nonces, RegisterAnswers answers, Clock clock) {
    this.cache = cache;
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
    RegisterAnswers.Credentials credentials = RegisterAnswers.awaitReady(
        () -> answers.credentials(namespace, CertificateProfiles.vrouterSecret(ready)), "vrouter " + name);
    log.info("namespace={} vrouter={} registered", namespace, name);

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
        POLL_INTERVAL_SECONDS, config(ready), null));
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

  /** The VPP part of the vrouter's spec, as the vrouter applies it. */
  static ObjectNode config(VRouter vrouter) {
    ObjectNode config = Json.MAPPER.createObjectNode();
    config.set("interfaces", Json.MAPPER.valueToTree(vrouter.getSpec().getInterfaces()));
    config.set("routes", Json.MAPPER.valueToTree(vrouter.getSpec().getRoutes()));
    config.set("vrfs", Json.MAPPER.valueToTree(vrouter.getSpec().getVrfs()));
    return config;
  }

}
