package io.cvlan.operator.status;

import io.cvlan.model.Conditions;

/**
 * A condition as a reconcile observes it now: what it is and why. When it is stamped (lastTransitionTime,
 * observedGeneration) is the {@link StatusFactory}'s business.
 */
public record Observation(String type, String status, String reason, String message) {
  public static Observation of(String type, boolean value, String reason, String message) {
    return new Observation(type, value ? Conditions.TRUE : Conditions.FALSE, reason, message);
  }
}
