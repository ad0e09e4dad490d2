package io.cvlan.operator.status;

import io.cvlan.api.v1alpha1.HasConditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stamps a status built from what a reconcile observed: metav1.Condition-shaped conditions carrying the
 * generation they describe, and status.observedGeneration. lastTransitionTime moves only when a condition's
 * status flips, so `kubectl describe` tells how long a resource has been in its state; time comes from the
 * injected clock, so tests decide what "now" is.
 */
public final class StatusFactory {
  private final Clock clock;

  public StatusFactory(Clock clock) {
    this.clock = clock;
  }

  /** {@code next} with its conditions and observedGeneration set for {@code resource}'s current generation. */
  public <S extends HasConditions> S stamp(HasMetadata resource, S next, List<Condition> previous, Collection<Observation> observed) {
    Long generation = resource.getMetadata().getGeneration();
    next.setConditions(conditions(previous, observed, generation));
    next.setObservedGeneration(generation);
    return next;
  }

  /**
   * The conditions after a reconcile, in the order they first appeared. A type this reconcile did not
   * look at (it stopped early, e.g. waiting for its CVLAN) keeps its last observation unchanged.
   */
  public List<Condition> conditions(List<Condition> previous, Collection<Observation> observed, Long generation) {
    Map<String, Condition> byType = new LinkedHashMap<>();
    previous.forEach(c -> byType.put(c.getType(), c));
    for (Observation observation : observed) {
      byType.put(observation.type(), condition(byType.get(observation.type()), observation, generation));
    }
    return new ArrayList<>(byType.values());
  }

  private Condition condition(Condition previous, Observation observation, Long generation) {
    boolean sameStatus = previous != null && observation.status().equals(previous.getStatus())
        && previous.getLastTransitionTime() != null;
    return new ConditionBuilder()
        .withType(observation.type())
        .withStatus(observation.status())
        .withReason(observation.reason())
        .withMessage(observation.message())
        .withObservedGeneration(generation)
        .withLastTransitionTime(sameStatus
            ? previous.getLastTransitionTime()
            : clock.instant().truncatedTo(ChronoUnit.SECONDS).toString())
        .build();
  }
}
