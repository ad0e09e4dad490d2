package io.cvlan.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.CVLAN;
import org.junit.jupiter.api.Test;

class ToldTransitionsTest {
  private final ToldTransitions told = new ToldTransitions();

  private static CVLAN cvlan(String uid) {
    CVLAN cvlan = new CVLAN();
    cvlan.getMetadata().setNamespace("tenant");
    cvlan.getMetadata().setName("blue");
    cvlan.getMetadata().setUid(uid);
    return cvlan;
  }

  private static ConditionEvent ready(String status, String reason) {
    return new ConditionEvent("Ready", status, EventRecorder.Type.Normal, reason, "message");
  }

  @Test
  void theSameNewsAboutTheSameObjectIsToldOnce() {
    assertThat(told.firstTelling(cvlan("u1"), ready("True", "Ready"))).isTrue();
    assertThat(told.firstTelling(cvlan("u1"), ready("True", "Ready"))).isFalse();
  }

  @Test
  void newsThatComesBackAfterOtherNewsIsToldAgain() {
    told.firstTelling(cvlan("u1"), ready("True", "Ready"));
    told.firstTelling(cvlan("u1"), ready("False", "CIDROverlap"));

    assertThat(told.firstTelling(cvlan("u1"), ready("True", "Ready"))).isTrue();
  }

  @Test
  void aRecreatedObjectHasNewsOfItsOwn() {
    told.firstTelling(cvlan("u1"), ready("True", "Ready"));

    assertThat(told.firstTelling(cvlan("u2"), ready("True", "Ready"))).isTrue();
  }

  @Test
  void eachConditionTypeHasItsOwnMemory() {
    told.firstTelling(cvlan("u1"), ready("True", "Ready"));

    assertThat(told.firstTelling(cvlan("u1"), new ConditionEvent("Exhausted", "True", EventRecorder.Type.Warning, "Ready", "m"))).isTrue();
  }
}
