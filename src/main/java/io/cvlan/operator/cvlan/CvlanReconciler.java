package io.cvlan.operator.cvlan;

import io.cvlan.operator.claims.ClaimEvents;
import io.cvlan.cache.SharedNodes;
import static io.cvlan.model.CvlanConditions.*;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.CVLANStatus;
import io.cvlan.api.v1alpha1.IssuerRef;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.api.v1alpha1.VRouter;
import io.cvlan.ipam.AddressSpace;
import io.cvlan.ipam.AddressSpaceParser;
import io.cvlan.ipam.IpAllocator;
import io.cvlan.operator.status.EventRecorder;
import io.cvlan.operator.status.NextStatus;
import io.cvlan.operator.status.StatusFactory;
import io.cvlan.operator.status.StatusReconciler;
import io.cvlan.operator.metrics.OperatorMetrics;
import io.cvlan.peers.PeerShardWriter;
import io.cvlan.pki.CertificateIssuers;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates a CVLAN, refuses one that overlaps an older CVLAN of its namespace, reports its capacity and
 * members, and publishes its peer ConfigMaps. Deleting it releases its addresses, peers and CA.
 */
@ControllerConfiguration(name = "cvlan")
public class CvlanReconciler extends StatusReconciler<CVLAN, CVLANStatus> {
  private static final Logger log = LoggerFactory.getLogger(CvlanReconciler.class);
  static final String NEIGHBOURS = "neighbour-cvlans";
  /** cert-manager may be installed later: look again now and then. */
  static final Duration CERT_MANAGER_RETRY = Duration.ofSeconds(30);
  /** How often, at most, a CVLAN's status is written when only its counts moved. */
  public static final Duration COUNTS_INTERVAL = Duration.ofSeconds(1);

  private final IpAllocator allocator;
  private final SharedNodes members;
  private final CertificateIssuers issuers;
  private final PeerPublication peers;
  private final PublishThrottle counts;
  private final OperatorMetrics metrics;

  public CvlanReconciler(StatusFactory statuses, EventRecorder events, IpAllocator allocator, SharedNodes members,
      CertificateIssuers issuers, PeerShardWriter publisher, PublishThrottle throttle, PublishThrottle counts, OperatorMetrics metrics) {
    super(statuses, events, CVLANStatus::new);
    this.allocator = allocator;
    this.members = members;
    this.issuers = issuers;
    this.peers = new PeerPublication(publisher, throttle);
    this.counts = counts;
    this.metrics = metrics;
  }

  @Override
  protected UpdateControl<CVLAN> reconcileResource(CVLAN cvlan, Context<CVLAN> context) {
    NextStatus<CVLAN, CVLANStatus> next = nextStatus(cvlan);
    CVLANStatus status = next.status();
    String namespace = cvlan.getMetadata().getNamespace();
    String name = cvlan.getMetadata().getName();
    var parsed = AddressSpaceParser.parse(cvlan.getSpec().getCidr(), cvlan.getSpec().getIpv6Cidr(), cvlan.getSpec().getReserved());
    if (parsed instanceof AddressSpaceParser.Result.Invalid invalid) {
      log.info("cvlan={}/{} invalid reason={}", namespace, name, invalid.message());
      return next.set(READY, false, REASON_INVALID_SPEC, invalid.message()).patch();
    }
    AddressSpace space = ((AddressSpaceParser.Result.Valid) parsed).space();
    // Read the neighbours from the informer whose events re-queue us: the primary cache may lag behind it.
    @SuppressWarnings("unchecked")
    var neighbours = (InformerEventSource<CVLAN, CVLAN>) context.eventSourceRetriever().getEventSourceFor(CVLAN.class, NEIGHBOURS);
    Optional<String> overlap = OverlapDetector.olderOverlaps(cvlan, space, neighbours.list(namespace).toList());

    List<OverlayNode> nodes = members.ofCvlan(namespace, name);
    Set<VRouter> vrouters = context.getSecondaryResources(VRouter.class);
    long capacity = space.capacity();
    long allocated = Math.min(capacity, allocator.allocatedIpv4(namespace, name));
    status.setCapacity(capacity);
    status.setAllocated(allocated);
    status.setFree(capacity - allocated);
    metrics.freeAddresses(namespace, name, capacity - allocated);
    status.setNodes(nodes.size());
    boolean exhausted = allocated >= capacity;
    next.set(EXHAUSTED, exhausted, exhausted ? REASON_NO_FREE_ADDRESSES : REASON_ADDRESSES_FREE,
        (capacity - allocated) + " of " + capacity + " addresses free"
            + (exhausted ? "; new nodes wait until one is deleted, or use a wider CIDR in a new CVLAN" : ""));
    boolean certificatesReady = checkCertificates(cvlan, next);

    if (overlap.isPresent()) {
      next.set(OVERLAPPING, true, REASON_CIDR_OVERLAP, overlap.get());
      return next.set(READY, false, REASON_CIDR_OVERLAP, overlap.get()).patch();
    }
    next.set(OVERLAPPING, false, REASON_NO_OVERLAP, "no other CVLAN of the namespace uses these networks");
    next.set(READY, true, REASON_READY, capacity + " addresses for nodes");
    Optional<Duration> wait = peers.publish(cvlan, status, nodes, vrouters);
    // Each registration moves the counts: under load they are written at most once per interval, news at once.
    String key = PublishThrottle.key(cvlan);
    Optional<Duration> countsWait = next.changesStanding() ? Optional.empty() : counts.waitBefore(key);
    if (countsWait.isPresent()) {
      Duration soonest = wait.filter(w -> w.compareTo(countsWait.get()) < 0).orElse(countsWait.get());
      return UpdateControl.<CVLAN>noUpdate().rescheduleAfter(soonest);
    }
    counts.published(key);
    UpdateControl<CVLAN> control = next.patch();
    if (wait.isPresent()) {
      return control.rescheduleAfter(wait.get());
    }
    return certificatesReady ? control : control.rescheduleAfter(CERT_MANAGER_RETRY);
  }

  private boolean checkCertificates(CVLAN cvlan, NextStatus<CVLAN, CVLANStatus> next) {
    IssuerRef issuer = cvlan.getSpec().getCertificates() == null ? null : cvlan.getSpec().getCertificates().getIssuerRef();
    if (issuer == null) {
      next.set(CERTIFICATES, true, REASON_BUILT_IN_CA, "certificates come from the CVLAN's built-in CA");
      return true;
    }
    String named = issuer.getKind() + "/" + issuer.getName();
    if (!issuers.certManagerInstalled()) {
      next.set(CERTIFICATES, false, REASON_CERT_MANAGER_NOT_INSTALLED, "spec.certificates.issuerRef names "
          + named + " but cert-manager's CRDs are not installed in this cluster; install cert-manager or remove the issuerRef");
      return false;
    }
    next.set(CERTIFICATES, true, REASON_CERT_MANAGER, "certificates come from cert-manager issuer " + named);
    return true;
  }

  @Override
  public List<EventSource<?, CVLAN>> prepareEventSources(EventSourceContext<CVLAN> context) {
    // Any CVLAN change can create or clear an overlap for its neighbours, so it re-queues the whole namespace.
    var neighbours = InformerEventSourceConfiguration.from(CVLAN.class, CVLAN.class)
        .withName(NEIGHBOURS)
        // Status writes must not re-queue the namespace: only creation, deletion and spec changes matter.
        .withOnUpdateFilter((newer, older) -> !Objects.equals(newer.getMetadata().getGeneration(), older.getMetadata().getGeneration()))
        .withSecondaryToPrimaryMapper(changed -> context.getPrimaryCache()
            .list(changed.getMetadata().getNamespace())
            .map(ResourceID::fromResource)
            .collect(Collectors.toSet()))
        .build();
    var vrouters = InformerEventSourceConfiguration.from(VRouter.class, CVLAN.class)
        .withName("cvlan-vrouters")
        .withSecondaryToPrimaryMapper(vrouter -> vrouter.getSpec().getCvlans().stream()
            .map(name -> new ResourceID(name, vrouter.getMetadata().getNamespace()))
            .collect(Collectors.toSet()))
        .build();
    return List.of(new InformerEventSource<>(neighbours, context), MemberEvents.of(members),
        new InformerEventSource<>(vrouters, context), ClaimEvents.cvlanCounts(allocator));
  }

  @Override
  protected void release(CVLAN cvlan, Context<CVLAN> context) {
    peers.forget(cvlan);
    counts.forget(PublishThrottle.key(cvlan));
    allocator.releaseAll(cvlan.getMetadata().getNamespace(), cvlan.getMetadata().getName());
    issuers.forget(cvlan);
    metrics.cvlanDeleted(cvlan.getMetadata().getNamespace(), cvlan.getMetadata().getName());
  }
}
