package io.cvlan.operator.cvlan;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.cache.SharedNodes;
import io.cvlan.peers.PeerMembership;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.util.Objects;

/**
 * Re-queues a CVLAN when one of its members comes, goes or changes what its peers see of it (a poll's
 * lastSeen does not). Fed by the process' {@link SharedNodes}: the registration API reads the same cache,
 * so the most numerous kind is decoded and held once, not once per consumer. The informer updates its
 * store before it calls handlers, so the reconcile this queues reads the change it was queued for.
 */
final class MemberEvents {
  static final String NAME = "cvlan-nodes";

  private MemberEvents() {}

  static EventSource<Void, CVLAN> of(SharedNodes nodes) {
    SimpleInboundEventSource<CVLAN> source = new SimpleInboundEventSource<>(NAME);
    nodes.informer().addEventHandler(new ResourceEventHandler<OverlayNode>() {
      @Override
      public void onAdd(OverlayNode node) {
        wake(source, node);
      }

      @Override
      public void onUpdate(OverlayNode older, OverlayNode newer) {
        if (!Objects.equals(PeerMembership.ofNode(newer), PeerMembership.ofNode(older))) {
          wake(source, newer);
        }
      }

      @Override
      public void onDelete(OverlayNode node, boolean finalStateUnknown) {
        wake(source, node);
      }
    });
    return source;
  }

  private static void wake(SimpleInboundEventSource<CVLAN> source, OverlayNode node) {
    // Before the controller runs, its first reconcile of every CVLAN reads the members as they are.
    if (source.isRunning() && node.getSpec() != null && node.getSpec().getCvlan() != null) {
      source.propagateEvent(new ResourceID(node.getSpec().getCvlan(), node.getMetadata().getNamespace()));
    }
  }
}
