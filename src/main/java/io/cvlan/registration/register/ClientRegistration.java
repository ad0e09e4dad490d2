package io.cvlan.registration.register;

import io.cvlan.api.v1alpha1.WireGuardEndpoint;
import io.cvlan.api.v1alpha1.NodePhase;
import io.cvlan.api.v1alpha1.NodeSpec;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.api.v1alpha1.PodRef;
import io.cvlan.api.v1alpha1.Labels;
import io.cvlan.model.PodOwner;
import io.cvlan.peers.CvlanSettings;
import io.cvlan.peers.Peer;
import io.cvlan.peers.PeerEndpoint;
import io.cvlan.pki.VerifiedCsr;
import io.cvlan.registration.http.ApiException;
import io.cvlan.registration.http.ApiHandler;
import io.cvlan.registration.cache.ResourceCache;
import io.cvlan.peers.PeerSnapshot;
import io.cvlan.registration.http.RequestContext;
import io.cvlan.registration.http.RequestValidation;
import io.cvlan.registration.protocol.PodDto;
import io.cvlan.registration.protocol.RegisterRequest;
import io.cvlan.registration.protocol.RegisterResponse;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /client/register} (DESIGN §4): exchanges a registration token for a node identity. Checks
 * run cheapest and most telling first, and nothing is created until every refusal has had its chance:
 * body, token (§3 order), nonce, identity conflicts, CSR, then the use is taken and the Node provisioned in
 * this request (addresses claimed, certificate signed, Node created: {@link NodeProvisioner}). The answer
 * waits on no reconciler, except for what cert-manager signs on its own schedule.
 */
public final class ClientRegistration implements ApiHandler<RegisterRequest> {
  /** Scraped as {@code cvlan_registrations_total{namespace, cvlan}}: Prometheus adds the suffix to counters. */
  public static final String METRIC = "cvlan_registrations";
  static final int MAX_TEXT = 128;
  private static final Logger log = LoggerFactory.getLogger(ClientRegistration.class);

  private final ResourceCache cache;
  private final TokenAdmission admission;
  private final TokenUses uses;
  private final NonceLedger nonces;
  private final RegisterAnswers answers;
  private final MeterRegistry metrics;
  private final Clock clock;
  private final NodeProvisioner provisioner;
  private final IdentityLocks locks = new IdentityLocks();
  private final RecentNodes recent;
  private final PodVerifier pods;
  private final IdentityReview identities;

  ClientRegistration(ResourceCache cache, TokenAdmission admission, TokenUses uses, NonceLedger nonces, NodeProvisioner provisioner,
      RegisterAnswers answers, PodVerifier pods, IdentityReview identities, MeterRegistry metrics, Clock clock) {
    this.cache = cache;
    this.pods = pods;
    this.identities = identities;
    this.provisioner = provisioner;
    this.recent = new RecentNodes(cache);
    this.admission = admission;
    this.uses = uses;
    this.nonces = nonces;
    this.answers = answers;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public CompletionStage<RegisterResponse> handle(RegisterRequest request, RequestContext context) {
    validate(request);
    Admitted admitted = admit(request);
    String namespace = admitted.admission().namespace();
    String cvlan = admitted.admission().cvlanName();
    String nonceLabel = nonces.claim(namespace, admitted.admission().tokenId(), request.nonce());
    Optional<PodRef> pod = pods.verify(namespace, admitted.pod());

    NodeProvisioner.Provisioned identity = locks.with(List.of(ResourceCache.key(namespace, cvlan, "hostname", request.hostname()),
        ResourceCache.key(namespace, cvlan, "publicKey", request.publicKey())), () -> identity(admitted.admission(), request, nonceLabel,
        pod));
    return CompletableFuture.completedFuture(respond(admitted.admission(), identity));
  }

  /** What admitted the request, and the pod the Node will belong to (to be verified), if any. */
  private record Admitted(Admission admission, PodDto pod) {}

  /**
   * By the signed token, the pod as the request names it; or by a pod's ServiceAccount token, the pod as
   * the API server's review names it — a body's {@code pod} cannot speak for another pod.
   */
  private Admitted admit(RegisterRequest request) {
    if (request.identityToken() == null) {
      return new Admitted(admission.admitClient(request.token()), request.pod());
    }
    ReviewedPod reviewed = identities.review(request.identityToken());
    return new Admitted(admission.admitServiceAccount(reviewed, Optional.ofNullable(request.registrationToken())),
        new PodDto(reviewed.namespace(), reviewed.podName(), reviewed.podUid()));
  }

  /**
   * The Node this request registers: an existing one (idempotent), or a new one once every refusal has had
   * its chance. Runs under the identity locks; a new Node is remembered until the informer shows it, so the
   * next holder of the lock finds it without waiting for the watch event.
   */
  private NodeProvisioner.Provisioned identity(Admission admitted, RegisterRequest request, String nonceLabel,
      Optional<PodRef> pod) {
    String namespace = admitted.namespace();
    String cvlan = admitted.cvlanName();
    Optional<OverlayNode> sameHost = recent.byHostname(namespace, cvlan, request.hostname());
    if (sameHost.isPresent()) {
      OverlayNode existing = sameHost.get();
      if (!existing.getSpec().getPublicKey().equals(request.publicKey())) {
        throw ApiException.conflict("hostname_taken", "hostname " + request.hostname() + " is registered in CVLAN " + cvlan
            + " with another public key; pick another hostname or delete the old Node");
      }
      if (!Objects.equals(existing.getSpec().getTokenRef(), admitted.tokenName())) {
        // The public key is public: only a holder of the same token gets an existing identity back.
        throw ApiException.conflict("hostname_taken", "hostname " + request.hostname() + " is registered in CVLAN " + cvlan
            + " with another registration token");
      }
      log.info("namespace={} cvlan={} node={} re-registered idempotently", namespace, cvlan, existing.getMetadata().getName());
      touch(existing);
      return new NodeProvisioner.Provisioned(existing, Optional.empty());
    }
    if (recent.byPublicKey(namespace, cvlan, request.publicKey()).isPresent()) {
      throw ApiException.conflict("public_key_taken", "this public key is registered in CVLAN " + cvlan
          + " under another hostname; generate a new WireGuard key");
    }
    if (TokenUses.exhausted(admitted.token())) {
      throw TokenUses.exhaustedError();
    }
    Optional<VerifiedCsr> csr = RequestCsr.checked(request.csr());

    uses.take(admitted.token());
    NodeProvisioner.Provisioned provisioned;
    try {
      provisioned = provisioner.provision(admitted, draft(admitted, request, nonceLabel, csr, pod), csr);
    } catch (RuntimeException e) {
      uses.giveBack(admitted.token());
      throw e;
    }
    OverlayNode node = provisioned.node();
    String nodeId = node.getMetadata().getName();
    metrics.counter(METRIC, "namespace", namespace, "cvlan", cvlan).increment();
    log.info("namespace={} cvlan={} node={} token={} ipv4={} registered", namespace, cvlan, nodeId, admitted.tokenName(),
        node.getSpec().getIpv4());
    recent.created(node);
    return provisioned;
  }

  /** A re-registration is a sign of life: it keeps the node from expiring (NodeLifetime reads lastSeen). */
  private void touch(OverlayNode node) {
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    try {
      cache.client().resources(OverlayNode.class).inNamespace(node.getMetadata().getNamespace())
          .withName(node.getMetadata().getName()).editStatus(n -> {
            if (n.getStatus() != null) {
              n.getStatus().setLastSeen(now);
            }
            return n;
          });
    } catch (KubernetesClientException e) {
      // Not fatal: the answer is the identity; the next poll records life again.
      log.warn("namespace={} node={} lastSeen not recorded error={}", node.getMetadata().getNamespace(),
          node.getMetadata().getName(), e.getCode());
    }
  }

  static void validate(RegisterRequest request) {
    if ((request.token() == null) == (request.identityToken() == null)) {
      throw ApiException.malformed("send token (a registration token) or identity_token (a pod's ServiceAccount token), not "
          + (request.token() == null ? "neither" : "both"));
    }
    if (request.token() != null) {
      RequestValidation.token(request.token());
    }
    if (request.registrationToken() != null) {
      RequestValidation.resourceName("registration_token", request.registrationToken());
    }
    RequestValidation.publicKey(request.publicKey());
    RequestValidation.nonce(request.nonce());
    RequestValidation.mac(request.mac());
    RequestValidation.hostname(request.hostname());
    RequestValidation.endpoints(request.endpoints());
    text("os", request.os());
    text("agent_version", request.agentVersion());
    if (request.pod() != null && (blank(request.pod().namespace()) || blank(request.pod().name()) || blank(request.pod().uid()))) {
      throw ApiException.malformed("pod must name its namespace, name and uid");
    }
    if (request.kubernetesNode() != null) {
      RequestValidation.hostname(request.kubernetesNode());
    }
  }

  private static void text(String field, String value) {
    if (value != null && (value.length() > MAX_TEXT || !value.chars().allMatch(c -> c >= 0x20 && c < 0x7f))) {
      throw ApiException.malformed(field + " must be at most " + MAX_TEXT + " printable ASCII characters");
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }


  /** The Node to create, without its addresses and certificate (the provisioner adds them). */
  private static OverlayNode draft(Admission admitted, RegisterRequest request, String nonceLabel, Optional<VerifiedCsr> csr,
      Optional<PodRef> pod) {
    NodeSpec spec = new NodeSpec();
    spec.setCvlan(admitted.cvlanName());
    spec.setPublicKey(request.publicKey());
    spec.setHostname(request.hostname());
    spec.setOs(request.os());
    spec.setAgentVersion(request.agentVersion());
    spec.setEndpoints(request.endpoints().stream().map(e -> {
      WireGuardEndpoint endpoint = new WireGuardEndpoint();
      endpoint.setHost(e.host());
      endpoint.setPort(e.port());
      return endpoint;
    }).toList());
    spec.setTaints(List.copyOf(admitted.token().getSpec().getTaints()));
    spec.setTokenRef(admitted.tokenName());
    spec.setEphemeral(Boolean.TRUE.equals(admitted.token().getSpec().getEphemeral()));
    spec.setBinding(Digests.sha256Hex(request.mac().toLowerCase(java.util.Locale.ROOT), request.nonce()));
    pod.ifPresent(spec::setPodRef);
    spec.setKubernetesNode(request.kubernetesNode());

    Map<String, String> labels = new HashMap<>();
    labels.put(Labels.MANAGED_BY, Labels.OPERATOR);
    labels.put(Labels.CVLAN, admitted.cvlanName());
    labels.put(Labels.REGISTRATION_TOKEN, admitted.tokenName());
    labels.put(NonceLedger.LABEL, nonceLabel);
    Map<String, String> annotations = new HashMap<>();
    csr.ifPresent(verified -> annotations.put(Labels.CSR_ANNOTATION,
        Base64.getEncoder().encodeToString(verified.pem().getBytes(StandardCharsets.US_ASCII))));

    OverlayNode node = new OverlayNode();
    node.getMetadata().setName(NodeNames.generate(request.hostname()));
    node.getMetadata().setNamespace(admitted.namespace());
    node.getMetadata().setLabels(labels);
    node.getMetadata().setAnnotations(annotations);
    node.setSpec(spec);
    pod.ifPresent(p -> PodOwner.adopt(node, p));
    return node;
  }

  private RegisterResponse respond(Admission admitted, NodeProvisioner.Provisioned identity) {
    String namespace = admitted.namespace();
    OverlayNode node = identity.node();
    String nodeId = node.getMetadata().getName();
    Addresses addresses = addresses(namespace, node);
    RegisterAnswers.Credentials credentials = identity.certificate()
        .map(issued -> new RegisterAnswers.Credentials(issued.certificatePem(), null, issued.caChainPem()))
        // Read from the API server by the Node's name (the caches leave certificates out): no cache lookup first.
        .orElseGet(() -> answers.awaitCredentials(node));
    boolean agentHoldsKey = node.getMetadata().getAnnotations() != null
        && node.getMetadata().getAnnotations().containsKey(Labels.CSR_ANNOTATION);

    var cvlan = cache.cvlan(namespace, admitted.cvlanName()).orElse(admitted.cvlan());
    PeerSnapshot snapshot = answers.snapshot(namespace, admitted.cvlanName());
    Peer self = Peer.node(nodeId, node.getSpec().getPublicKey(), addresses.ipv4(), addresses.ipv6(),
        node.getSpec().getEndpoints().stream().map(e -> new PeerEndpoint(e.getHost(), e.getPort())).toList(), node.getSpec().getTaints());
    CvlanSettings settings = snapshot.settings().orElseGet(() -> CvlanSettings.of(cvlan));
    return new RegisterResponse(nodeId, addresses.ipv4(), addresses.ipv6(), credentials.certificate(),
        agentHoldsKey ? null : credentials.privateKey(), credentials.caChain(), RegisterAnswers.cvlanDto(cvlan),
        RegisterAnswers.peersOf(self, snapshot, cvlan), snapshot.version(), settings.derpMap(), RegisterAnswers.dns(settings), null, null,
        Boolean.TRUE.equals(node.getSpec().getEphemeral()) ? Boolean.TRUE : null);
  }

  private record Addresses(String ipv4, String ipv6) {}

  /**
   * The node's addresses: those it was created with; a Node registered before addresses were provisioned
   * in the request has them in its status once its reconciler allocated them.
   */
  private Addresses addresses(String namespace, OverlayNode node) {
    if (node.getSpec().getIpv4() != null) {
      return new Addresses(node.getSpec().getIpv4(), node.getSpec().getIpv6());
    }
    String nodeId = node.getMetadata().getName();
    OverlayNode ready = RegisterAnswers.awaitReady(() -> cache.node(namespace, nodeId)
        .filter(n -> n.getStatus() != null && n.getStatus().getPhase() == NodePhase.Ready && n.getStatus().getIpv4() != null),
        "node " + nodeId);
    return new Addresses(ready.getStatus().getIpv4(), ready.getStatus().getIpv6());
  }
}
