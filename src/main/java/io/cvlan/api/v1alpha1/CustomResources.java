package io.cvlan.api.v1alpha1;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/** The kinds of this API group, in the order they are documented and installed. */
public final class CustomResources {
  public static final List<Class<? extends HasMetadata>> ALL =
      List.of(CVLAN.class, RegistrationToken.class, OverlayNode.class, VRouter.class, IPAllocation.class);

  private CustomResources() {}
}
