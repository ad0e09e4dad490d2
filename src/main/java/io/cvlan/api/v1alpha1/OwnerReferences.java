package io.cvlan.api.v1alpha1;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

/** The two ways the operator's objects belong to another, so that `kubectl` and the garbage collector see alike. */
public final class OwnerReferences {
  private OwnerReferences() {}

  /**
   * {@code owner} manages the object (its Secret, peer ConfigMap): the garbage collector removes it with the
   * owner, and a foreground deletion of the owner waits until it is gone.
   */
  public static OwnerReference controller(HasMetadata owner) {
    return reference(owner, true);
  }

  /** The object only follows {@code owner}'s lifetime (a claim): no controller, nothing blocked. */
  public static OwnerReference follower(HasMetadata owner) {
    return reference(owner, false);
  }

  private static OwnerReference reference(HasMetadata owner, boolean controls) {
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(controls)
        .withBlockOwnerDeletion(controls)
        .build();
  }
}
