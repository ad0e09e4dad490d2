package io.cvlan.operator.node;

import io.cvlan.operator.status.ConditionEvents;
import io.cvlan.ipam.AddressConflictException;
import io.cvlan.api.v1alpha1.Labels;
import io.cvlan.model.CvlanLookup;
import io.cvlan.model.NewNodes;
import io.cvlan.pki.Csr;
import io.cvlan.model.CvlanOwner;
import io.cvlan.model.PodOwner;
import io.cvlan.model.NodeLifetime;
import io.cvlan.model.Conditions;
import io.cvlan.pki.Renewal;
import static io.cvlan.model.NodeConditions.*;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.NodePhase;
import io.cvlan.api.v1alpha1.NodeStatus;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.ipam.Allocation;
import io.cvlan.ipam.CvlanExhaustedException;
import io.cvlan.ipam.IpAllocator;
import io.cvlan.pki.CertificateProfiles;
import io.cvlan.operator.claims.ClaimEvents;
import io.cvlan.operator.status.EventRecorder;
import io.cvlan.operator.status.NextStatus;
import io.cvlan.operator.status.StatusFactory;
import io.cvlan.operator.status.StatusReconciler;
import io.cvlan.operator.metrics.OperatorMetrics;
import io.cvlan.pki.CertificateIssuers;
import io.cvlan.pki.InvalidCsrException;
import io.cvlan.pki.IssueResult;
import io.cvlan.pki.StoredCsr;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a registered Node from Pending to Ready: overlay addresses (IPAllocation claims) and a client
 * certificate; marks it Expired when it goes quiet (and deletes it if ephemeral); releases everything on
 * deletion. The peer ConfigMaps follow through the CVLAN reconciler, which watches Nodes.
 */
@ControllerConfiguration(name = "node", finalizerName = Labels.NODE_FINALIZER)
public class NodeReconciler extends StatusReconciler<OverlayNode, NodeStatus> {
  /** The agent's CSR (PEM, base64), put there by the registration API: the node's private key never leaves it. */
  static final Duration CVLAN_RETRY = Duration.ofSeconds(30);
  private static final Logger log = LoggerFactory.getLogger(NodeReconciler.class);

  private final OperatorMetrics metrics;
  private final IpAllocator allocator;
  private final CertificateIssuers issuers;
  private final NewNodes newNodes;
  private final Clock clock;

  public NodeReconciler(StatusFactory statuses, EventRecorder events, IpAllocator allocator, CertificateIssuers issuers,
      NewNodes newNodes, Clock clock, OperatorMetrics metrics) {
    super(statuses, events, NodeStatus::new, ConditionEvents.FirstReady.SILENT);
    this.metrics = metrics;
    this.newNodes = newNodes;
    this.allocator = allocator;
    this.issuers = issuers;
    this.clock = clock;
  }

  private static String nodeId(OverlayNode node) {
    return node.getMetadata().getName();
  }

  @Override
  protected UpdateControl<OverlayNode> reconcileResource(OverlayNode node, Context<OverlayNode> context) throws Exception {
    NextStatus<OverlayNode, NodeStatus> next = nextStatus(node);
    NodeStatus status = next.status();
    Optional<CVLAN> cached = context.getSecondaryResource(CVLAN.class);
    if (CvlanOwner.uidOf(node).isPresent() && !incarnationAlive(node, cached, context)) {
      return leave(node, context);
    }
    boolean ownerAdded = ensureOwnedByPod(node);
    // A Node holding addresses is a member already: it follows its CVLAN's existence and validity, not its Ready.
    CvlanLookup lookup = holdsAddresses(node)
        ? CvlanLookup.forMember(node.getMetadata().getNamespace(), node.getSpec().getCvlan(), cached)
        : CvlanLookup.of(node.getMetadata().getNamespace(), node.getSpec().getCvlan(), cached);
    if (lookup instanceof CvlanLookup.Unusable unusable) {
      if (unusable.gone()) {
        forgetCvlan(node, status, context);
      }
      return pending(next, unusable.reason(), unusable.message(), ownerAdded).rescheduleAfter(CVLAN_RETRY);
    }
    CvlanLookup.Usable usable = (CvlanLookup.Usable) lookup;
    CVLAN cvlan = usable.cvlan();
    // A Node made before members were owned by their CVLAN joins this incarnation's fate.
    ownerAdded |= CvlanOwner.adopt(node, cvlan);

    Instant expiresAt = NodeLifetime.expiresAt(node, cvlan);
    if (!clock.instant().isBefore(expiresAt)) {
      return expired(node, next, expiresAt, context, ownerAdded);
    }

    String heldBefore = next.previous().getIpv4();
    Allocation allocation;
    try {
      allocation = addresses(cvlan, usable, node);
    } catch (CvlanExhaustedException e) {
      status.setIpv4(null);
      status.setIpv6(null);
      next.set(ADDRESSES, false, REASON_EXHAUSTED, e.getMessage());
      return pending(next, REASON_EXHAUSTED, e.getMessage(), ownerAdded).rescheduleAfter(CVLAN_RETRY);
    } catch (AddressConflictException e) {
      next.set(ADDRESSES, false, REASON_ADDRESS_CONFLICT, e.getMessage());
      return pending(next, REASON_ADDRESS_CONFLICT, e.getMessage(), ownerAdded).rescheduleAfter(CVLAN_RETRY);
    }
    if (!allocation.ipv4().equals(heldBefore)) {
      metrics.allocated(node.getMetadata().getNamespace(), cvlan.getMetadata().getName());
    }
    status.setIpv4(allocation.ipv4());
    status.setIpv6(allocation.ipv6().orElse(null));
    next.set(ADDRESSES, true, REASON_ALLOCATED,
        "ipv4 " + allocation.ipv4() + allocation.ipv6().map(v6 -> ", ipv6 " + v6).orElse(""));

    Kept kept = kept(node, context);
    IssueResult certificate;
    try {
      certificate = certificate(cvlan, node, kept);
    } catch (InvalidCsrException e) {
      next.set(CERTIFICATE, false, REASON_INVALID_CSR, e.getMessage());
      return pending(next, REASON_INVALID_CSR, e.getMessage(), ownerAdded);
    }
    if (certificate instanceof IssueResult.Pending pending) {
      next.set(CERTIFICATE, false, pending.reason(), pending.message());
      return pending(next, pending.reason(), pending.message(), ownerAdded).rescheduleAfter(Duration.ofSeconds(5));
    }
    IssueResult.Issued issued = (IssueResult.Issued) certificate;
    status.setCertificateSecret(issued.secretName());
    status.setCertificateNotAfter(issued.notAfter().toString());
    metrics.certificate(node.getMetadata().getNamespace(), node.getMetadata().getName(), issued.notAfter());
    next.set(CERTIFICATE, true, REASON_ISSUED, "certificate valid until " + issued.notAfter());

    if (next.previous().getPhase() != NodePhase.Ready) {
      log.info("namespace={} node={} cvlan={} ipv4={} ready", node.getMetadata().getNamespace(), nodeId(node),
          cvlan.getMetadata().getName(), allocation.ipv4());
    }
    status.setPhase(NodePhase.Ready);
    next.set(READY, true, REASON_READY, "ipv4 " + allocation.ipv4()
        + allocation.ipv6().map(v6 -> ", ipv6 " + v6).orElse("") + "; addresses and certificate are in place");
    Instant wake = earliest(Renewal.renewAt(issued.notBefore(), issued.notAfter()), expiresAt);
    boolean reSigned = certificateAnnotation(node).filter(pem -> !kept.certificatePem().equals(Optional.of(pem))).isPresent();
    return control(next, ownerAdded || reSigned).rescheduleAfter(Duration.between(clock.instant(), wake).plusSeconds(1));
  }

  /**
   * The addresses the registration request claimed and told the agent (spec), confirmed — never others.
   * A Node created before requests provisioned addresses has none in its spec and is allocated here.
   */
  private Allocation addresses(CVLAN cvlan, CvlanLookup.Usable usable, OverlayNode node)
      throws CvlanExhaustedException, AddressConflictException {
    if (node.getSpec().getIpv4() == null) {
      return allocator.allocate(cvlan, usable.space(), node);
    }
    return allocator.confirm(cvlan, usable.space(), node,
        new Allocation(node.getSpec().getIpv4(), Optional.ofNullable(node.getSpec().getIpv6())));
  }

  /**
   * What the registration request kept on the Node: its CSR (verified again only if it is to be signed again:
   * the kept certificate is checked against the key it claims) and the certificate it signed.
   */
  private record Kept(Optional<? extends Csr> csr, Optional<String> certificatePem) {}

  /**
   * The informer keeps Nodes trimmed (no CSR, no certificate: kilobytes a Node, ten thousand Nodes), so they
   * are read from the API server here — one read a reconcile, and a Node is reconciled rarely — unless the
   * registration that created it in this process handed them over.
   */
  private Kept kept(OverlayNode node, Context<OverlayNode> context) {
    Optional<NewNodes.Stored> handedOver = newNodes.take(node);
    if (handedOver.isPresent()) {
      return new Kept(Optional.of(handedOver.get().csr()), Optional.of(handedOver.get().certificatePem()));
    }
    OverlayNode stored = Optional.ofNullable(context.getClient().resources(OverlayNode.class)
        .inNamespace(node.getMetadata().getNamespace()).withName(node.getMetadata().getName()).get()).orElse(node);
    Optional<StoredCsr> csr = Optional.ofNullable(stored.getMetadata().getAnnotations()).map(a -> a.get(Labels.CSR_ANNOTATION))
        .map(b64 -> new StoredCsr(new String(Base64.getDecoder().decode(b64), StandardCharsets.US_ASCII)));
    return new Kept(csr, certificateAnnotation(stored));
  }

  private static Optional<String> certificateAnnotation(OverlayNode node) {
    return Optional.ofNullable(node.getMetadata().getAnnotations()).map(a -> a.get(Labels.CERTIFICATE_ANNOTATION));
  }

  /**
   * The certificate: the one the registration request signed and kept on the Node while it is current,
   * else one issued now — re-signed onto the Node (its annotation set on {@code node}, for the patch) for a
   * CSR and the built-in CA, else into its Secret.
   */
  private IssueResult certificate(CVLAN cvlan, OverlayNode node, Kept kept) throws InvalidCsrException {
    var issuer = issuers.forCvlan(cvlan);
    var request = CertificateProfiles.node(cvlan, node, kept.csr());
    if (kept.certificatePem().isPresent()) {
      Optional<IssueResult.Issued> current = issuers.builtInCa().current(cvlan, request, kept.certificatePem().get(), Optional.empty());
      if (current.isPresent()) {
        return current.get();
      }
      Optional<IssueResult.Issued> signed = issuer.signNow(cvlan, request);
      if (signed.isPresent()) {
        Map<String, String> annotations = new java.util.HashMap<>(
            Optional.ofNullable(node.getMetadata().getAnnotations()).orElse(Map.of()));
        annotations.put(Labels.CERTIFICATE_ANNOTATION, signed.get().certificatePem());
        node.getMetadata().setAnnotations(annotations);
        return signed.get();
      }
    }
    Optional<IssueResult.Issued> current = issuer.current(cvlan, request);
    return current.isPresent() ? current.get() : issuer.issue(cvlan, request);
  }

  private UpdateControl<OverlayNode> expired(OverlayNode node, NextStatus<OverlayNode, NodeStatus> next, Instant expiresAt,
      Context<OverlayNode> context, boolean ownerAdded) {
    if (Boolean.TRUE.equals(node.getSpec().getEphemeral())) {
      return delete(node, context, REASON_EPHEMERAL_DELETED,
          "ephemeral node showed no sign of life within the CVLAN's nodeExpiry; expired at " + expiresAt + ", deleted");
    }
    next.status().setPhase(NodePhase.Expired);
    next.set(READY, false, REASON_EXPIRED, "no sign of life within the CVLAN's nodeExpiry; expired at "
        + expiresAt + "; the node re-registers to come back");
    return control(next, ownerAdded);
  }

  /**
   * Whether the CVLAN incarnation {@code node} belongs to is still there. The cache can trail a CVLAN that
   * was just re-created (or created: the registration API saw it first), so a miss is confirmed by a read
   * before a member is let go.
   */
  private static boolean incarnationAlive(OverlayNode node, Optional<CVLAN> cached, Context<OverlayNode> context) {
    if (cached.filter(c -> alive(node, c)).isPresent()) {
      return true;
    }
    CVLAN live = context.getClient().resources(CVLAN.class).inNamespace(node.getMetadata().getNamespace())
        .withName(node.getSpec().getCvlan()).get();
    return live != null && alive(node, live);
  }

  private static boolean alive(OverlayNode node, CVLAN cvlan) {
    return cvlan.getMetadata().getDeletionTimestamp() == null && CvlanOwner.isIncarnationOf(node, cvlan);
  }

  /**
   * Members go with their CVLAN (its addresses, CA and peers went with it): the garbage collector would
   * delete the Node too, but a member must not wait for it, nor be re-admitted by a CVLAN re-created under
   * the same name. The finalizer releases whatever the Node still holds.
   */
  private UpdateControl<OverlayNode> leave(OverlayNode node, Context<OverlayNode> context) {
    return delete(node, context, REASON_CVLAN_DELETED,
        "CVLAN " + node.getSpec().getCvlan() + " this node was a member of is gone; the node goes with it");
  }

  private UpdateControl<OverlayNode> delete(OverlayNode node, Context<OverlayNode> context, String reason, String message) {
    log.info("namespace={} node={} reason={} deleting", node.getMetadata().getNamespace(), nodeId(node), reason);
    context.getClient().resource(node).delete();
    events().record(node, EventRecorder.Type.Normal, reason, message);
    return UpdateControl.noUpdate();
  }

  /**
   * Told its addresses at registration (spec), or allocated them in an earlier reconcile (status; a Node from
   * before requests provisioned addresses). Leaving it is withdrawing the Node from every agent's peers.
   */
  private static boolean holdsAddresses(OverlayNode node) {
    return node.getSpec().getIpv4() != null || (node.getStatus() != null && node.getStatus().getIpv4() != null);
  }

  /** What the node says it holds: told at registration (spec), or allocated here (status). */
  private static List<String> heldAddresses(OverlayNode node) {
    return java.util.stream.Stream.of(node.getSpec().getIpv4(), node.getSpec().getIpv6(),
        node.getStatus() == null ? null : node.getStatus().getIpv4(), node.getStatus() == null ? null : node.getStatus().getIpv6())
        .filter(java.util.Objects::nonNull).distinct().toList();
  }

  /** Without its CVLAN a node holds nothing: addresses and certificate went with the CVLAN's pool and CA. */
  private void forgetCvlan(OverlayNode node, NodeStatus status, Context<OverlayNode> context) {
    // Unconditional: a reconcile racing the CVLAN's deletion may have claimed after the CVLAN released all.
    allocator.release(node, node.getSpec().getCvlan(), heldAddresses(node));
    context.getClient().secrets().inNamespace(node.getMetadata().getNamespace()).withName(CertificateProfiles.nodeSecret(node)).delete();
    status.setIpv4(null);
    status.setIpv6(null);
    status.setCertificateSecret(null);
    status.setCertificateNotAfter(null);
    metrics.certificateGone(node.getMetadata().getNamespace(), node.getMetadata().getName());
  }

  private static UpdateControl<OverlayNode> pending(NextStatus<OverlayNode, NodeStatus> next, String reason, String message,
      boolean ownerAdded) {
    next.status().setPhase(NodePhase.Pending);
    next.set(READY, false, reason, message);
    return control(next, ownerAdded);
  }

  private static UpdateControl<OverlayNode> control(NextStatus<OverlayNode, NodeStatus> next, boolean resourceChanged) {
    return resourceChanged ? UpdateControl.patchResourceAndStatus(next.finish()) : next.patch();
  }

  /** A sidecar's Node belongs to its Pod (set at registration; Nodes registered before are adopted here). */
  private static boolean ensureOwnedByPod(OverlayNode node) {
    var pod = node.getSpec().getPodRef();
    if (pod == null || pod.getUid() == null || !node.getMetadata().getNamespace().equals(pod.getNamespace())) {
      return false;
    }
    return PodOwner.adopt(node, pod);
  }

  private static Instant earliest(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  @Override
  public List<EventSource<?, OverlayNode>> prepareEventSources(EventSourceContext<OverlayNode> context) {
    var cvlans = InformerEventSourceConfiguration.from(CVLAN.class, OverlayNode.class)
        .withName("node-cvlans")
        .withPrimaryToSecondaryMapper((OverlayNode n) ->
            Set.of(new ResourceID(n.getSpec().getCvlan(), n.getMetadata().getNamespace())))
        // Nodes wait for their CVLAN to become Ready or to have a free address again.
        .withOnUpdateFilter(CvlanLookup::standingChanged)
        .withSecondaryToPrimaryMapper(cvlan -> context.getPrimaryCache()
            .list(cvlan.getMetadata().getNamespace(), n -> cvlan.getMetadata().getName().equals(n.getSpec().getCvlan()))
            .map(ResourceID::fromResource)
            .collect(Collectors.toSet()))
        .build();
    return List.of(new InformerEventSource<>(cvlans, context), ClaimEvents.deletedClaims(allocator, OverlayNode.class, "Node",
        n -> List.of(n.getSpec().getCvlan()), n -> Conditions.hasReason(n.getStatus(), ADDRESSES, REASON_EXHAUSTED), context));
  }

  @Override
  protected void release(OverlayNode node, Context<OverlayNode> context) {
    allocator.release(node, node.getSpec().getCvlan(), heldAddresses(node));
    metrics.certificateGone(node.getMetadata().getNamespace(), node.getMetadata().getName());
    issuers.revoke(context.getSecondaryResource(CVLAN.class), node.getMetadata().getNamespace(), CertificateProfiles.nodeSecret(node));
  }
}
