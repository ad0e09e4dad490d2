package io.cvlan.model;

import io.cvlan.api.v1alpha1.HasConditions;
import io.fabric8.kubernetes.api.model.Condition;

/** Reading metav1.Condition-shaped conditions, as the operator and the registration API both do. */
public final class Conditions {
  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  /** The condition every kind has: whether the resource is usable and, when not, why. */
  public static final String READY = "Ready";
  /**
   * Whether the last reconcile got through. Apart from Ready because a failed reconcile (the API server
   * timing out, the operator losing its connection) says nothing about the resource: Ready keeps its last
   * verdict, and what refers to the resource (a CVLAN's Nodes, tokens, VRouters) is not withdrawn for it.
   */
  public static final String RECONCILED = "Reconciled";
  /**
   * Reconciled is False with this reason while reconciles fail; a resource that has no Ready verdict yet
   * shows the error as Ready=Unknown with this reason instead.
   */
  public static final String REASON_RECONCILE_ERROR = "ReconcileError";
  /** Reconciled is True again with this reason once a reconcile gets through after failing. */
  public static final String REASON_RECONCILE_SUCCEEDED = "ReconcileSucceeded";

  private Conditions() {}

  /** Whether a condition went from true to not true or back between two versions of a status. */
  public static boolean flipped(HasConditions newer, HasConditions older, String type) {
    return isTrue(newer, type) != isTrue(older, type);
  }

  public static boolean hasReason(HasConditions status, String type, String reason) {
    return status != null && status.getConditions() != null && status.getConditions().stream()
        .anyMatch(c -> type.equals(c.getType()) && reason.equals(c.getReason()));
  }

  public static boolean present(HasConditions status, String type) {
    return status != null && status.getConditions() != null && status.getConditions().stream().anyMatch(c -> type.equals(c.getType()));
  }

  public static boolean isTrue(HasConditions status, String type) {
    return status != null && status.getConditions() != null && status.getConditions().stream()
        .anyMatch(c -> type.equals(c.getType()) && TRUE.equals(c.getStatus()));
  }

  public static String reason(HasConditions status, String type) {
    return status == null || status.getConditions() == null ? null : status.getConditions().stream()
        // A condition without a reason is valid (the schema does not require one): map after findFirst.
        .filter(c -> type.equals(c.getType())).findFirst().map(Condition::getReason).orElse(null);
  }
}
