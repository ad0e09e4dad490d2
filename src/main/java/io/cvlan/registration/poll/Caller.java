package io.cvlan.registration.poll;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.api.v1alpha1.VRouter;

/** Who an authenticated poll comes from. */
public sealed interface Caller {
  CVLAN cvlan();

  String namespace();

  /** A registered node of {@code cvlan}. */
  record Node(OverlayNode node, CVLAN cvlan) implements Caller {
    @Override
    public String namespace() {
      return node.getMetadata().getNamespace();
    }
  }

  /** A vrouter; {@code cvlan} is the first of its spec, whose CA issued its certificate. */
  record Router(VRouter vrouter, CVLAN cvlan) implements Caller {
    @Override
    public String namespace() {
      return vrouter.getMetadata().getNamespace();
    }
  }
}
