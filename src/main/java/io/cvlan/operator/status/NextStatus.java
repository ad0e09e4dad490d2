package io.cvlan.operator.status;

import io.cvlan.api.v1alpha1.ConditionedStatus;
import io.cvlan.model.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The status one reconcile builds, as a value apart from the primary's: its facts, and the conditions the
 * reconcile observed. {@link #finish()} stamps it ({@link StatusFactory}), records the Events its
 * conditions' changes call for, and hands the primary carrying it to JOSDK to patch.
 */
public final class NextStatus<R extends CustomResource<?, S>, S extends ConditionedStatus> {
  private final R resource;
  private final S previous;
  private final List<Condition> previousConditions;
  private final S status;
  private final Map<String, Observation> observed = new LinkedHashMap<>();
  private final StatusFactory factory;
  private final StatusEvents events;

  NextStatus(R resource, S previous, S carried, StatusFactory factory, StatusEvents events) {
    this.resource = resource;
    this.previous = previous;
    this.previousConditions = previous.getConditions() == null ? List.of() : List.copyOf(previous.getConditions());
    this.status = carried;
    this.factory = factory;
    this.events = events;
  }

  /** The status as the cache showed it when this reconcile began: what "before" means. */
  public S previous() {
    return previous;
  }

  /** The facts to write, starting as last observed; what this reconcile observes, it sets. */
  public S status() {
    return status;
  }

  public NextStatus<R, S> set(String type, boolean value, String reason, String message) {
    return set(Observation.of(type, value, reason, message));
  }

  public NextStatus<R, S> set(Observation observation) {
    observed.put(observation.type(), observation);
    return this;
  }

  /**
   * The primary carrying the finished status. JOSDK hands each reconcile its own copy of the primary and
   * patches against the cached original, so setting the status here touches nothing shared. Events are
   * recorded now, after the status is computed; a patch that then fails is retried from the same cache,
   * and the memory of what was told keeps the news from being told twice.
   */
  public R finish() {
    if (!observed.containsKey(Conditions.RECONCILED) && lastReconcileFailed()) {
      set(Conditions.RECONCILED, true, Conditions.REASON_RECONCILE_SUCCEEDED, "the last reconcile got through");
    }
    S stamped = factory.stamp(resource, status, previousConditions, observed.values());
    events.record(resource, previousConditions, stamped.getConditions());
    resource.setStatus(stamped);
    return resource;
  }

  /**
   * The primary carrying the status of a reconcile that failed: stamped as {@link #finish()} does, except that
   * status.observedGeneration stays where it was — a generation that failed has not been observed, and a
   * tool waiting for it (kubectl wait, Argo CD) must not read the kept Ready as that generation's verdict.
   */
  R finishFailed() {
    Long observedBefore = previous.getObservedGeneration();
    R failed = finish();
    failed.getStatus().setObservedGeneration(observedBefore);
    return failed;
  }

  /**
   * Whether this reconcile changes what the resource stands for: a condition's status or reason, a newly
   * observed generation, a recovery from a failed reconcile. Only counts and the messages that carry them
   * change otherwise, and those may wait for the next write.
   */
  public boolean changesStanding() {
    if (!java.util.Objects.equals(previous.getObservedGeneration(), resource.getMetadata().getGeneration()) || lastReconcileFailed()) {
      return true;
    }
    Map<String, Condition> before = new LinkedHashMap<>();
    previousConditions.forEach(c -> before.put(c.getType(), c));
    return observed.values().stream().anyMatch(o -> {
      Condition was = before.get(o.type());
      return was == null || !o.status().equals(was.getStatus()) || !o.reason().equals(was.getReason());
    });
  }

  private boolean lastReconcileFailed() {
    return previousConditions.stream()
        .anyMatch(c -> Conditions.RECONCILED.equals(c.getType()) && !Conditions.TRUE.equals(c.getStatus()));
  }

  public UpdateControl<R> patch() {
    return UpdateControl.patchStatus(finish());
  }
}
