package io.cvlan.operator.claims;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.IPAllocation;
import io.cvlan.ipam.IpAllocator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Re-queues on the deletion of an address claim: its owner, so its status never names an address it no
 * longer holds (deleted by hand, or the surplus of two racing replicas), and the owners of the same CVLAN
 * waiting for a free address, which now has one. Creations are the owners' own doing and need no event.
 * A CVLAN re-queues on every claim of its own, coming or going: its counts (allocated, free, Exhausted)
 * follow the claims, now that a Node's own status no longer changes its membership. Fed by the allocator's
 * informer — one informer over every claim per process, not one per controller.
 */
public final class ClaimEvents {
  private ClaimEvents() {}

  /** Re-queues a CVLAN whenever one of its claims comes or goes: its allocated and free counts moved. */
  public static EventSource<Void, CVLAN> cvlanCounts(IpAllocator allocator) {
    SimpleInboundEventSource<CVLAN> source = new SimpleInboundEventSource<>("cvlan-claims");
    allocator.onChange(change -> {
      IPAllocation claim = change.claim();
      if (source.isRunning() && claim.getSpec() != null && claim.getSpec().getCvlan() != null) {
        source.propagateEvent(new ResourceID(claim.getSpec().getCvlan(), claim.getMetadata().getNamespace()));
      }
    });
    return source;
  }

  public static <P extends HasMetadata> EventSource<Void, P> deletedClaims(IpAllocator allocator, Class<P> ownerType, String ownerKind,
      Function<P, Collection<String>> cvlansOf, Predicate<P> waitingForAddress, EventSourceContext<P> context) {
    SimpleInboundEventSource<P> source = new SimpleInboundEventSource<>(ownerKind.toLowerCase() + "-claims");
    allocator.onChange(change -> {
      if (!change.deleted() || !source.isRunning()) {
        return; // before the controller runs, its first reconcile of every owner sees the claims as they are
      }
      IPAllocation claim = change.claim();
      String namespace = claim.getMetadata().getNamespace();
      Set<ResourceID> wake = new HashSet<>();
      IpAllocator.ownerName(claim, ownerKind).ifPresent(owner -> wake.add(new ResourceID(owner, namespace)));
      String cvlan = claim.getSpec() == null ? null : claim.getSpec().getCvlan();
      context.getPrimaryCache().list(namespace, p -> waitingForAddress.test(p) && cvlansOf.apply(p).contains(cvlan))
          .map(ResourceID::fromResource)
          .forEach(wake::add);
      wake.forEach(source::propagateEvent);
    });
    return source;
  }
}
