package io.cvlan.operator.claims;

import io.cvlan.cache.Trims;
import io.cvlan.api.v1alpha1.IPAllocation;
import io.cvlan.ipam.IpAllocator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Re-queues on the deletion of an address claim: its owner, so its status never names an address it no
 * longer holds (deleted by hand, or the surplus of two racing replicas), and the owners of the same CVLAN
 * waiting for a free address, which now has one. Creations are the owners' own doing and need no event.
 */
public final class ClaimEvents {
  private ClaimEvents() {}

  public static <P extends HasMetadata> InformerEventSource<IPAllocation, P> deletedClaims(Class<P> ownerType, String ownerKind,
      Function<P, Collection<String>> cvlansOf, Predicate<P> waitingForAddress, EventSourceContext<P> context) {
    var configuration = InformerEventSourceConfiguration.from(IPAllocation.class, ownerType)
        .withName(ownerKind.toLowerCase() + "-claims")
        .withItemStore(Trims.store())
        .withInformerListLimit(Trims.LIST_LIMIT)
        .withOnAddFilter(claim -> false)
        .withOnUpdateFilter((newer, older) -> false)
        .withSecondaryToPrimaryMapper(claim -> {
          String namespace = claim.getMetadata().getNamespace();
          Set<ResourceID> wake = new HashSet<>();
          IpAllocator.ownerName(claim, ownerKind).ifPresent(owner -> wake.add(new ResourceID(owner, namespace)));
          String cvlan = claim.getSpec() == null ? null : claim.getSpec().getCvlan();
          context.getPrimaryCache().list(namespace, p -> waitingForAddress.test(p) && cvlansOf.apply(p).contains(cvlan))
              .map(ResourceID::fromResource)
              .forEach(wake::add);
          return wake;
        })
        .build();
    return new InformerEventSource<>(configuration, context);
  }
}
