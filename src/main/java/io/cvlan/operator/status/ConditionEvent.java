package io.cvlan.operator.status;

/** An Event a condition's change calls for: {@code condition} is the condition's type, {@code type} the Event's. */
public record ConditionEvent(String condition, String status, EventRecorder.Type type, String reason, String message) {
}
