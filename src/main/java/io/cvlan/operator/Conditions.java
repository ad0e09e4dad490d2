package io.cvlan.operator;

import io.cvlan.api.v1alpha1.HasConditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes metav1.Condition-shaped conditions. lastTransitionTime moves only when the status flips, so
 * `kubectl describe` tells how long a resource has been in its state; time comes from the injected clock.
 */
public final class Conditions {
  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  private final Clock clock;

  public Conditions(Clock clock) {
    this.clock = clock;
  }

  public void set(HasMetadata resource, HasConditions status, String type, boolean value, String reason, String message) {
    set(resource, status, type, value ? TRUE : FALSE, reason, message);
  }

  public void set(HasMetadata resource, HasConditions status, String type, String value, String reason, String message) {
    Long generation = resource.getMetadata().getGeneration();
    List<Condition> conditions = status.getConditions() == null ? new ArrayList<>() : new ArrayList<>(status.getConditions());
    Condition previous = conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    String transition = previous != null && value.equals(previous.getStatus()) && previous.getLastTransitionTime() != null
        ? previous.getLastTransitionTime()
        : clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    Condition next = new ConditionBuilder()
        .withType(type)
        .withStatus(value)
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(transition)
        .build();
    if (previous != null) {
      conditions.set(conditions.indexOf(previous), next);
    } else {
      conditions.add(next);
    }
    status.setConditions(conditions);
    status.setObservedGeneration(generation);
  }

  /** Whether a condition went from true to not true or back between two versions of a status. */
  public static boolean flipped(HasConditions newer, HasConditions older, String type) {
    return isTrue(newer, type) != isTrue(older, type);
  }

  public static boolean hasReason(HasConditions status, String type, String reason) {
    return status != null && status.getConditions() != null && status.getConditions().stream()
        .anyMatch(c -> type.equals(c.getType()) && reason.equals(c.getReason()));
  }

  public static boolean isTrue(HasConditions status, String type) {
    return status != null && status.getConditions() != null && status.getConditions().stream()
        .anyMatch(c -> type.equals(c.getType()) && TRUE.equals(c.getStatus()));
  }

  public static String reason(HasConditions status, String type) {
    return status == null || status.getConditions() == null ? null : status.getConditions().stream()
        .filter(c -> type.equals(c.getType())).map(Condition::getReason).findFirst().orElse(null);
  }
}
