package io.cvlan.operator.status;

import io.cvlan.api.v1alpha1.HasConditions;
import io.cvlan.model.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Writes metav1.Condition-shaped conditions. lastTransitionTime moves only when the status flips, so
 * `kubectl describe` tells how long a resource has been in its state; time comes from the injected clock.
 * A condition that changes status or reason is also an Event: here every reconciler gets them alike, and
 * a reconcile that changes nothing records nothing.
 */
public final class ConditionRecorder {
  /** Condition types that are bad news when True; every other type (Ready, CertificatesReady…) is good news when True. */
  private static final Set<String> TRUE_IS_BAD = Set.of("Exhausted", "Overlapping", "Expired");

  private static final int REMEMBERED = 8192;

  private final Clock clock;
  private final EventRecorder events;
  /**
   * The last status and reason recorded per object and condition type. A reconcile may start from a cached
   * copy that does not show the previous reconcile's status patch yet; it must not tell the same news twice.
   */
  private final Map<String, String> recorded = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > REMEMBERED;
    }
  };

  public ConditionRecorder(Clock clock) {
    this(clock, EventRecorder.none());
  }

  public ConditionRecorder(Clock clock, EventRecorder events) {
    this.clock = clock;
    this.events = events;
  }

  /** For what is an event without a condition, such as an ephemeral node deleted. */
  public EventRecorder events() {
    return events;
  }

  public void set(HasMetadata resource, HasConditions status, String type, boolean value, String reason, String message) {
    set(resource, status, type, value ? Conditions.TRUE : Conditions.FALSE, reason, message);
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
    recordTransition(resource, previous, type, value, reason, message);
  }

  /**
   * Ready speaks on every change. Other conditions speak when they turn bad and when they recover, not
   * when they first appear healthy: a new CVLAN says "Ready", not also "NoOverlap" and "AddressesFree".
   */
  private void recordTransition(HasMetadata resource, Condition previous, String type, String value, String reason, String message) {
    if (previous != null && value.equals(previous.getStatus()) && Objects.equals(reason, previous.getReason())) {
      return;
    }
    String object = resource.getKind() + "/" + resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName()
        + "/" + resource.getMetadata().getUid() + "/" + type;
    synchronized (recorded) {
      if ((value + "/" + reason).equals(recorded.put(object, value + "/" + reason))) {
        return;
      }
    }
    boolean healthy = healthy(type, value);
    boolean wasHealthy = previous == null || healthy(type, previous.getStatus());
    if ("Ready".equals(type) || !healthy || !wasHealthy) {
      events.record(resource, healthy ? EventRecorder.Type.Normal : EventRecorder.Type.Warning, reason, message);
    }
  }

  private static boolean healthy(String type, String value) {
    return (TRUE_IS_BAD.contains(type) ? Conditions.FALSE : Conditions.TRUE).equals(value);
  }
}
