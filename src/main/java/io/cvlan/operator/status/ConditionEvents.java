package io.cvlan.operator.status;

import io.cvlan.model.Conditions;
import io.cvlan.model.CvlanConditions;
import io.cvlan.model.TokenConditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which Events a status change calls for, from the conditions before and after. Ready speaks on every
 * change. Other conditions speak when they turn bad and when they recover, not when they first appear
 * healthy: a new CVLAN says "Ready", not also "NoOverlap" and "AddressesFree". A reconcile that changes
 * no condition's status or reason says nothing. Kinds created by the thousand (Nodes: the registration API
 * makes one per join) keep their first Ready silent too — the join is counted in metrics; an Event per
 * join would be a write per join — and still speak when they leave Ready or come back.
 */
public final class ConditionEvents {
  /**
   * Condition types that are bad news when True; every other type (Ready, CertificatesReady…) is good
   * news when True. A RegistrationToken's Exhausted is the same type name as a CVLAN's.
   */
  private static final Set<String> TRUE_IS_BAD = Set.of(CvlanConditions.EXHAUSTED, CvlanConditions.OVERLAPPING, TokenConditions.EXPIRED,
      TokenConditions.SPEC_REFUSED);

  /** Whether a resource's first Ready is news. */
  public enum FirstReady {
    ANNOUNCED, SILENT
  }

  private ConditionEvents() {}

  public static List<ConditionEvent> between(List<Condition> previous, List<Condition> next) {
    return between(previous, next, FirstReady.ANNOUNCED);
  }

  public static List<ConditionEvent> between(List<Condition> previous, List<Condition> next, FirstReady firstReady) {
    List<ConditionEvent> events = new ArrayList<>();
    for (Condition now : next) {
      Condition before = previous.stream().filter(c -> now.getType().equals(c.getType())).findFirst().orElse(null);
      if (before != null && Objects.equals(now.getStatus(), before.getStatus()) && Objects.equals(now.getReason(), before.getReason())) {
        continue;
      }
      boolean healthy = healthy(now);
      boolean wasHealthy = before == null || healthy(before);
      boolean readyNews = Conditions.READY.equals(now.getType()) && (before != null || firstReady == FirstReady.ANNOUNCED || !healthy);
      if (readyNews || !healthy || !wasHealthy) {
        events.add(new ConditionEvent(now.getType(), now.getStatus(), healthy ? EventRecorder.Type.Normal : EventRecorder.Type.Warning,
            now.getReason(), now.getMessage()));
      }
    }
    return events;
  }

  private static boolean healthy(Condition condition) {
    return (TRUE_IS_BAD.contains(condition.getType()) ? Conditions.FALSE : Conditions.TRUE).equals(condition.getStatus());
  }
}
