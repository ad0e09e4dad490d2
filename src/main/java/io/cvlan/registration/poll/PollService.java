package io.cvlan.registration.poll;

import com.fasterxml.jackson.databind.JsonNode;
import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.api.v1alpha1.PeerPolicy;
import io.cvlan.api.v1alpha1.VRouter;
import io.cvlan.peers.Peer;
import io.cvlan.peers.PeerKind;
import io.cvlan.peers.PeerMembership;
import io.cvlan.registration.cache.ResourceCache;
import io.cvlan.registration.http.ApiException;
import io.cvlan.registration.http.RequestContext;
import io.cvlan.registration.protocol.PollRequest;
import io.cvlan.registration.protocol.PollResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /client/poll} and {@code POST /vrouter/poll}: validate, authenticate by client certificate,
 * refuse a replayed nonce, record the sign of life (batched), then answer the delta since the caller's
 * version, or wait for one without holding a thread. A vrouter polls each of its CVLANs apart, naming it in
 * {@code cvlan}; its answers carry its configuration as it is when the answer is made.
 */
public final class PollService {
  /** How often a vrouter polls: it has no ConfigMap watch and routes change often. */
  static final int VROUTER_POLL_INTERVAL_SECONDS = 5;
  private static final Logger log = LoggerFactory.getLogger(PollService.class);

  private final ClientCertificates certificates;
  private final PeerHistories histories;
  private final VersionWatch watch;
  private final PollNonces nonces;
  private final SeenBatcher seen;
  private final Clock clock;
  private final ResourceCache cache;

  PollService(ClientCertificates certificates, PeerHistories histories, VersionWatch watch, PollNonces nonces,
      SeenBatcher seen, Clock clock, ResourceCache cache) {
    this.cache = cache;
    this.certificates = certificates;
    this.histories = histories;
    this.watch = watch;
    this.nonces = nonces;
    this.seen = seen;
    this.clock = clock;
  }

  public CompletionStage<PollResponse> pollClient(PollRequest poll, RequestContext context) {
    PollValidation.check(poll, true);
    Caller.Node caller = certificates.node(context);
    OverlayNode node = caller.node();
    requireFreshNonce("node/" + caller.namespace() + "/" + node.getMetadata().getName(), poll);
    seen.nodeSeen(node, caller.cvlan(), clock.instant(), poll.endpoints());
    PeerPolicy policy = caller.cvlan().getSpec().getPolicy();
    String cvlan = node.getSpec().getCvlan();
    return answer(caller.namespace(), cvlan, poll, selfOf(node), policy, null, () -> null);
  }

  public CompletionStage<PollResponse> pollVRouter(PollRequest poll, RequestContext context) {
    PollValidation.check(poll, false);
    Caller.Router caller = certificates.vrouter(context);
    VRouter vrouter = caller.vrouter();
    requireFreshNonce("vrouter/" + caller.namespace() + "/" + vrouter.getMetadata().getName(), poll);
    seen.vrouterSeen(vrouter, clock.instant());
    CVLAN served = served(caller, poll.cvlan());
    // A vrouter sees every member whatever its own entry says, so only its id and kind matter here.
    Peer self = new Peer(PeerMembership.VROUTER_PREFIX + vrouter.getMetadata().getName(), "-", "0.0.0.0", null, List.of(),
        List.of(), PeerKind.vrouter, List.of());
    String namespace = caller.namespace();
    // Read when the answer is made, not when the long-poll began: a spec change reaches the agent with the next answer.
    Supplier<JsonNode> config = () -> VRouterConfigs.of(cache.vrouter(namespace, vrouter.getMetadata().getName()).orElse(vrouter),
        name -> cache.cvlan(namespace, name));
    return answer(namespace, served.getMetadata().getName(), poll, self, served.getSpec().getPolicy(),
        VROUTER_POLL_INTERVAL_SECONDS, config);
  }

  /** The CVLAN a vrouter's poll is about: one of its spec's (the first when it names none), existing. */
  private CVLAN served(Caller.Router caller, String requested) {
    if (requested == null || requested.equals(caller.cvlan().getMetadata().getName())) {
      return caller.cvlan();
    }
    if (!caller.vrouter().getSpec().getCvlans().contains(requested)) {
      throw ApiException.forbidden("not_served", "vrouter " + caller.vrouter().getMetadata().getName() + " does not serve CVLAN "
          + requested + "; add it to spec.cvlans");
    }
    return cache.cvlan(caller.namespace(), requested).orElseThrow(() -> ApiException.unavailable("not_ready",
        "CVLAN " + requested + " does not exist (yet); retry", java.time.Duration.ofSeconds(5)));
  }

  private CompletionStage<PollResponse> answer(String namespace, String cvlan, PollRequest poll,
      Peer self, PeerPolicy policy, Integer interval, Supplier<JsonNode> config) {
    PollResponse now = respond(namespace, cvlan, poll.lastSeenVersion(), self, policy, interval, config);
    Duration wait = PollValidation.waitOf(poll);
    if (!now.keepalive() || wait.isZero()) {
      return CompletableFuture.completedFuture(now);
    }
    return watch.awaitNewerThan(namespace, cvlan, now.version(), wait)
        .thenApply(version -> respond(namespace, cvlan, poll.lastSeenVersion(), self, policy, interval, config));
  }

  private PollResponse respond(String namespace, String cvlan, Long lastSeen, Peer self,
      PeerPolicy policy, Integer interval, Supplier<JsonNode> config) {
    PeerHistory history = histories.current(namespace, cvlan);
    PeerDelta delta = history.since(lastSeen);
    // A node sees the topology through its published entry when there is one: that is what its peers see.
    Peer published = history.snapshot().peers().get(self.id());
    Peer viewer = published != null && self.kind() == PeerKind.node ? published : self;
    MemberView.View view = MemberView.of(delta, viewer, history.snapshot().peers().values(), policy);
    return PollResponses.of(view, history.snapshot(), interval, config.get());
  }

  private void requireFreshNonce(String caller, PollRequest poll) {
    if (!nonces.fresh(caller, poll.nonce())) {
      log.info("caller={} poll refused reason=nonce_replayed", caller);
      throw ApiException.conflict("nonce_replayed", "this nonce was used before; send a fresh random nonce with every poll");
    }
  }

  /** The node as a topology member before its entry is published: its taints are what decide. */
  private static Peer selfOf(OverlayNode node) {
    String ipv4 = node.getSpec().getIpv4() != null ? node.getSpec().getIpv4()
        : node.getStatus() == null || node.getStatus().getIpv4() == null ? "0.0.0.0" : node.getStatus().getIpv4();
    return new Peer(node.getMetadata().getName(), node.getSpec().getPublicKey(), ipv4, null, List.of(),
        node.getSpec().getTaints(), PeerKind.node, List.of());
  }
}
