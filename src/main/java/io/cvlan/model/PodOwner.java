package io.cvlan.model;

import io.cvlan.api.v1alpha1.PodRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.ArrayList;
import java.util.List;

/** A sidecar's Node belongs to its pod: the garbage collector removes it with the pod. */
public final class PodOwner {
  private PodOwner() {}

  /**
   * The pod owns its Node without controlling it (the CVLAN does) and without blocking its own deletion:
   * a pod going away must never wait for the overlay.
   */
  public static OwnerReference reference(PodRef pod) {
    return new OwnerReferenceBuilder().withApiVersion("v1").withKind("Pod").withName(pod.getName()).withUid(pod.getUid())
        .withController(false).withBlockOwnerDeletion(false).build();
  }

  /** Adds {@code pod} as owner of {@code member}; false when it is one already. */
  public static boolean adopt(HasMetadata member, PodRef pod) {
    if (member.getMetadata().getOwnerReferences().stream().anyMatch(o -> pod.getUid().equals(o.getUid()))) {
      return false;
    }
    List<OwnerReference> owners = new ArrayList<>(member.getMetadata().getOwnerReferences());
    owners.add(reference(pod));
    member.getMetadata().setOwnerReferences(owners);
    return true;
  }
}
