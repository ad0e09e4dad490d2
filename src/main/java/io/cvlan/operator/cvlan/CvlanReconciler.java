package io.cvlan.operator.cvlan;

import static io.cvlan.operator.cvlan.CvlanConditions.*;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.CVLANStatus;
import io.cvlan.ipam.AddressSpace;
import io.cvlan.ipam.AddressSpaceParser;
import io.cvlan.operator.Conditions;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Validates a CVLAN, refuses one that overlaps an older CVLAN of its namespace, and reports its capacity. */
@ControllerConfiguration(name = "cvlan")
public class CvlanReconciler implements Reconciler<CVLAN> {
  private static final Logger log = LoggerFactory.getLogger(CvlanReconciler.class);
  static final String NEIGHBOURS = "neighbour-cvlans";

  private final Conditions conditions;

  public CvlanReconciler(Conditions conditions) {
    this.conditions = conditions;
  }

  @Override
  public UpdateControl<CVLAN> reconcile(CVLAN cvlan, Context<CVLAN> context) {
    CVLANStatus status = statusOf(cvlan);
    var parsed = AddressSpaceParser.parse(cvlan.getSpec().getCidr(), cvlan.getSpec().getIpv6Cidr(), cvlan.getSpec().getReserved());
    if (parsed instanceof AddressSpaceParser.Result.Invalid invalid) {
      log.info("cvlan={}/{} invalid reason={}", cvlan.getMetadata().getNamespace(), cvlan.getMetadata().getName(), invalid.message());
      conditions.set(cvlan, status, READY, false, REASON_INVALID_SPEC, invalid.message());
      return UpdateControl.patchStatus(cvlan);
    }
    AddressSpace space = ((AddressSpaceParser.Result.Valid) parsed).space();
    // Read the neighbours from the informer whose events re-queue us: the primary cache may lag behind it.
    @SuppressWarnings("unchecked")
    var neighbours = (InformerEventSource<CVLAN, CVLAN>) context.eventSourceRetriever().getEventSourceFor(CVLAN.class, NEIGHBOURS);
    List<CVLAN> namespace = neighbours.list(cvlan.getMetadata().getNamespace()).toList();
    Optional<String> overlap = OverlapDetector.olderOverlaps(cvlan, space, namespace);
    long capacity = space.capacity();
    long allocated = status.getAllocated() == null ? 0 : status.getAllocated();
    status.setCapacity(capacity);
    status.setAllocated(allocated);
    status.setFree(Math.max(0, capacity - allocated));
    if (status.getNodes() == null) {
      status.setNodes(0);
    }
    if (overlap.isPresent()) {
      conditions.set(cvlan, status, OVERLAPPING, true, REASON_CIDR_OVERLAP, overlap.get());
      conditions.set(cvlan, status, READY, false, REASON_CIDR_OVERLAP, overlap.get());
    } else {
      conditions.set(cvlan, status, OVERLAPPING, false, REASON_NO_OVERLAP, "no other CVLAN of the namespace uses these networks");
      conditions.set(cvlan, status, READY, true, REASON_READY, capacity + " addresses available for nodes");
    }
    boolean exhausted = allocated >= capacity;
    conditions.set(cvlan, status, EXHAUSTED, exhausted, exhausted ? REASON_NO_FREE_ADDRESSES : REASON_ADDRESSES_FREE,
        (capacity - Math.min(allocated, capacity)) + " of " + capacity + " addresses free");
    return UpdateControl.patchStatus(cvlan);
  }

  /** Any CVLAN change can create or clear an overlap for its neighbours, so it re-queues the whole namespace. */
  @Override
  public List<EventSource<?, CVLAN>> prepareEventSources(EventSourceContext<CVLAN> context) {
    var neighbours = InformerEventSourceConfiguration.from(CVLAN.class, CVLAN.class)
        .withName(NEIGHBOURS)
        // Status writes must not re-queue the namespace: only creation, deletion and spec changes matter.
        .withOnUpdateFilter((newer, older) -> !java.util.Objects.equals(
            newer.getMetadata().getGeneration(), older.getMetadata().getGeneration()))
        .withSecondaryToPrimaryMapper(changed -> context.getPrimaryCache()
            .list(changed.getMetadata().getNamespace())
            .map(ResourceID::fromResource)
            .collect(Collectors.toSet()))
        .build();
    return List.of(new InformerEventSource<>(neighbours, context));
  }

  @Override
  public ErrorStatusUpdateControl<CVLAN> updateErrorStatus(CVLAN cvlan, Context<CVLAN> context, Exception e) {
    conditions.set(cvlan, statusOf(cvlan), READY, Conditions.UNKNOWN, REASON_RECONCILE_ERROR, e.getMessage());
    return ErrorStatusUpdateControl.patchStatus(cvlan);
  }

  private static CVLANStatus statusOf(CVLAN cvlan) {
    if (cvlan.getStatus() == null) {
      cvlan.setStatus(new CVLANStatus());
    }
    return cvlan.getStatus();
  }
}
