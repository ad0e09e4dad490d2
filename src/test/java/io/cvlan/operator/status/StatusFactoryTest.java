package io.cvlan.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.CVLANStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusFactoryTest {
  private static final Instant EARLIER = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05.678Z");
  private final StatusFactory factory = new StatusFactory(Clock.fixed(NOW, ZoneOffset.UTC));

  private static Condition condition(String type, String status, String reason) {
    return new ConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage("before")
        .withObservedGeneration(1L).withLastTransitionTime(EARLIER.toString()).build();
  }

  private static Condition only(List<Condition> conditions, String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
  }

  @Test
  void conditionThatKeepsItsStatusKeepsItsLastTransitionTime() {
    List<Condition> next = factory.conditions(List.of(condition("Ready", "False", "CVLANNotFound")),
        List.of(new Observation("Ready", "False", "CVLANNotReady", "waiting")), 2L);

    assertThat(only(next, "Ready").getLastTransitionTime()).isEqualTo(EARLIER.toString());
    assertThat(only(next, "Ready").getReason()).isEqualTo("CVLANNotReady");
    assertThat(only(next, "Ready").getMessage()).isEqualTo("waiting");
  }

  @Test
  void conditionThatFlipsTakesTheClocksTimeToTheSecond() {
    List<Condition> next = factory.conditions(List.of(condition("Ready", "False", "CVLANNotFound")),
        List.of(Observation.of("Ready", true, "Ready", "ok")), 2L);

    assertThat(only(next, "Ready").getLastTransitionTime()).isEqualTo("2026-01-02T03:04:05Z");
  }

  @Test
  void newConditionTakesTheClocksTime() {
    List<Condition> next = factory.conditions(List.of(), List.of(Observation.of("Exhausted", false, "AddressesFree", "1 of 1")), 1L);

    assertThat(only(next, "Exhausted").getLastTransitionTime()).isEqualTo("2026-01-02T03:04:05Z");
  }

  @Test
  void observedConditionCarriesTheGenerationItDescribes() {
    List<Condition> next = factory.conditions(List.of(condition("Ready", "True", "Ready")),
        List.of(Observation.of("Ready", true, "Ready", "ok")), 7L);

    assertThat(only(next, "Ready").getObservedGeneration()).isEqualTo(7L);
  }

  @Test
  void conditionNotObservedThisTimeStaysAsItWas() {
    Condition certificates = condition("CertificatesReady", "True", "BuiltInCA");

    List<Condition> next = factory.conditions(List.of(certificates, condition("Ready", "True", "Ready")),
        List.of(Observation.of("Ready", false, "InvalidSpec", "bad cidr")), 2L);

    assertThat(next).extracting(Condition::getType).containsExactly("CertificatesReady", "Ready");
    assertThat(only(next, "CertificatesReady")).isEqualTo(certificates);
  }

  @Test
  void stampedStatusCarriesTheResourcesGeneration() {
    CVLAN cvlan = new CVLAN();
    cvlan.getMetadata().setGeneration(4L);

    CVLANStatus status = factory.stamp(cvlan, new CVLANStatus(), List.of(), List.of(Observation.of("Ready", true, "Ready", "ok")));

    assertThat(status.getObservedGeneration()).isEqualTo(4L);
    assertThat(status.getConditions()).extracting(Condition::getType).containsExactly("Ready");
  }
}
