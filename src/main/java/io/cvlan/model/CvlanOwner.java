package io.cvlan.model;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.OwnerReferences;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Node is a member of one CVLAN incarnation, named by the uid in its owner reference: when that CVLAN
 * goes, the garbage collector removes the Node, and a CVLAN re-created under the same name (a new uid) does
 * not inherit it.
 */
public final class CvlanOwner {
  private CvlanOwner() {}

  /**
   * The CVLAN controls its members. {@code blockOwnerDeletion}: a foreground deletion of the CVLAN waits
   * until its members (and their addresses) are gone.
   */
  public static OwnerReference reference(CVLAN cvlan) {
    return OwnerReferences.controller(cvlan);
  }

  /** The uid of the CVLAN incarnation {@code member} belongs to, when it names one. */
  public static Optional<String> uidOf(HasMetadata member) {
    return member.getMetadata().getOwnerReferences().stream()
        .filter(o -> "CVLAN".equals(o.getKind()) && o.getApiVersion() != null && o.getApiVersion().startsWith("cvlan.io/"))
        .map(OwnerReference::getUid).findFirst();
  }

  /** Adds {@code cvlan} as owner of {@code member}; false when it already names a CVLAN. */
  public static boolean adopt(HasMetadata member, CVLAN cvlan) {
    if (uidOf(member).isPresent()) {
      return false;
    }
    List<OwnerReference> owners = new ArrayList<>(member.getMetadata().getOwnerReferences());
    owners.add(reference(cvlan));
    member.getMetadata().setOwnerReferences(owners);
    return true;
  }

  /** Whether {@code cvlan} is the incarnation {@code member} belongs to (a member naming none belongs to any). */
  public static boolean isIncarnationOf(HasMetadata member, CVLAN cvlan) {
    return uidOf(member).map(uid -> uid.equals(cvlan.getMetadata().getUid())).orElse(true);
  }
}
