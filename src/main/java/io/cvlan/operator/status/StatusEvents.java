package io.cvlan.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/** Records the Events a status change calls for ({@link ConditionEvents}), each piece of news once. */
final class StatusEvents {
  private final EventRecorder recorder;
  private final ConditionEvents.FirstReady firstReady;
  private final ToldTransitions told = new ToldTransitions();

  StatusEvents(EventRecorder recorder, ConditionEvents.FirstReady firstReady) {
    this.recorder = recorder;
    this.firstReady = firstReady;
  }

  void record(HasMetadata resource, List<Condition> previous, List<Condition> next) {
    for (ConditionEvent event : ConditionEvents.between(previous, next, firstReady)) {
      if (told.firstTelling(resource, event)) {
        recorder.record(resource, event.type(), event.reason(), event.message());
      }
    }
  }
}
