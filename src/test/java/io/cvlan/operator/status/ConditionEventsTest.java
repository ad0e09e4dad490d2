package io.cvlan.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionEventsTest {
  private static Condition condition(String type, String status, String reason) {
    return new ConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(reason + " message").build();
  }

  private static List<ConditionEvent> change(Condition before, Condition after) {
    return ConditionEvents.between(before == null ? List.of() : List.of(before), List.of(after));
  }

  @Test
  void conditionFirstAppearingHealthySaysNothing() {
    assertThat(change(null, condition("Exhausted", "False", "AddressesFree"))).isEmpty();
    assertThat(change(null, condition("Overlapping", "False", "NoOverlap"))).isEmpty();
    assertThat(change(null, condition("CertificatesReady", "True", "BuiltInCA"))).isEmpty();
  }

  @Test
  void aSilentKindsFirstReadySaysNothing() {
    assertThat(ConditionEvents.between(List.of(), List.of(condition("Ready", "True", "Ready")), ConditionEvents.FirstReady.SILENT))
        .isEmpty();
  }

  @Test
  void aSilentKindStillWarnsWhenItIsFirstSeenNotReady() {
    assertThat(ConditionEvents.between(List.of(), List.of(condition("Ready", "False", "CVLANNotReady")),
        ConditionEvents.FirstReady.SILENT)).extracting(ConditionEvent::type).containsExactly(EventRecorder.Type.Warning);
  }

  @Test
  void aSilentKindComingBackToReadyIsNews() {
    assertThat(ConditionEvents.between(List.of(condition("Ready", "False", "Pending")), List.of(condition("Ready", "True", "Ready")),
        ConditionEvents.FirstReady.SILENT)).extracting(ConditionEvent::type).containsExactly(EventRecorder.Type.Normal);
  }

  @Test
  void conditionTurningBadIsAWarning() {
    assertThat(change(condition("Exhausted", "False", "AddressesFree"), condition("Exhausted", "True", "NoFreeAddresses")))
        .containsExactly(new ConditionEvent("Exhausted", "True", EventRecorder.Type.Warning, "NoFreeAddresses", "NoFreeAddresses message"));
  }

  @Test
  void conditionFirstAppearingBadIsAWarning() {
    assertThat(change(null, condition("Overlapping", "True", "CIDROverlap")))
        .extracting(ConditionEvent::type).containsExactly(EventRecorder.Type.Warning);
    assertThat(change(null, condition("AddressesAllocated", "False", "CVLANExhausted")))
        .extracting(ConditionEvent::type).containsExactly(EventRecorder.Type.Warning);
  }

  @Test
  void conditionRecoveringIsNormal() {
    assertThat(change(condition("Expired", "True", "Expired"), condition("Expired", "False", "NotExpired")))
        .containsExactly(new ConditionEvent("Expired", "False", EventRecorder.Type.Normal, "NotExpired", "NotExpired message"));
  }

  @Test
  void healthyConditionChangingItsReasonSaysNothing() {
    assertThat(change(condition("CertificatesReady", "True", "BuiltInCA"), condition("CertificatesReady", "True", "CertManager"))).isEmpty();
  }

  @Test
  void readySpeaksOnEveryChange() {
    assertThat(change(null, condition("Ready", "True", "Ready")))
        .extracting(ConditionEvent::type).containsExactly(EventRecorder.Type.Normal);
    assertThat(change(condition("Ready", "True", "Ready"), condition("Ready", "False", "CVLANNotReady")))
        .extracting(ConditionEvent::type).containsExactly(EventRecorder.Type.Warning);
    assertThat(change(condition("Ready", "False", "Pending"), condition("Ready", "False", "CVLANExhausted")))
        .extracting(ConditionEvent::type).containsExactly(EventRecorder.Type.Warning);
  }

  @Test
  void readyUnknownIsAWarning() {
    assertThat(change(condition("Ready", "True", "Ready"), condition("Ready", "Unknown", "ReconcileError")))
        .extracting(ConditionEvent::type).containsExactly(EventRecorder.Type.Warning);
  }

  @Test
  void unchangedStatusAndReasonSayNothingEvenWithANewMessage() {
    Condition before = condition("Ready", "True", "Ready");
    Condition after = new ConditionBuilder(before).withMessage("12 addresses for nodes").build();

    assertThat(change(before, after)).isEmpty();
  }

  @Test
  void eachChangedConditionSpeaksInTheOrderOfTheNewStatus() {
    List<ConditionEvent> events = ConditionEvents.between(
        List.of(condition("Exhausted", "False", "AddressesFree"), condition("Ready", "True", "Ready")),
        List.of(condition("Exhausted", "True", "NoFreeAddresses"), condition("Ready", "False", "CIDROverlap")));

    assertThat(events).extracting(ConditionEvent::condition).containsExactly("Exhausted", "Ready");
  }
}
