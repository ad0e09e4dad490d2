package io.cvlan.operator;

import static io.cvlan.model.CvlanConditions.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.testing.OperatorFixture;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CvlanReconcilerTest {
  @RegisterExtension
  static final OperatorFixture k8s = new OperatorFixture();

  static Condition condition(CVLAN cvlan, String type) {
    return cvlan.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
  }

  static boolean hasCondition(CVLAN cvlan, String type, String status) {
    return cvlan.getStatus() != null && cvlan.getStatus().getConditions().stream()
        .anyMatch(c -> type.equals(c.getType()) && status.equals(c.getStatus()));
  }

  @Test
  void validCvlanBecomesReadyWithItsCapacity() {
    k8s.createCvlan("blue", spec -> {
      spec.setCidr("10.100.0.0/24");
      spec.setReserved(List.of("10.100.0.2-10.100.0.9"));
    });

    CVLAN blue = k8s.awaitUntil(CVLAN.class, "blue", c -> hasCondition(c, READY, "True"));

    assertThat(blue.getStatus().getCapacity()).isEqualTo(256 - 3 - 8);
    assertThat(blue.getStatus().getFree()).isEqualTo(256 - 3 - 8);
    assertThat(blue.getStatus().getAllocated()).isZero();
    assertThat(blue.getStatus().getObservedGeneration()).isEqualTo(blue.getMetadata().getGeneration());
    assertThat(condition(blue, READY).getObservedGeneration()).isEqualTo(blue.getMetadata().getGeneration());
    assertThat(condition(blue, OVERLAPPING).getStatus()).isEqualTo("False");
    assertThat(condition(blue, EXHAUSTED).getStatus()).isEqualTo("False");
  }

  @Test
  void cidrWithHostBitsEndsAsConditionTellingTheFix() {
    k8s.createCvlan("blue", "10.100.0.5/16");

    CVLAN blue = k8s.awaitUntil(CVLAN.class, "blue", c -> hasCondition(c, READY, "False"));

    assertThat(condition(blue, READY).getReason()).isEqualTo(REASON_INVALID_SPEC);
    assertThat(condition(blue, READY).getMessage()).contains("cidr 10.100.0.5/16 has host bits set; did you mean 10.100.0.0/16?");
  }

  @Test
  void tooLargeNetworkIsRefused() {
    k8s.createCvlan("blue", "10.0.0.0/4");

    CVLAN blue = k8s.awaitUntil(CVLAN.class, "blue", c -> hasCondition(c, READY, "False"));

    assertThat(condition(blue, READY).getMessage()).contains("use a prefix between /8 and /30");
  }

  @Test
  void reservedEntryOutsideTheNetworkIsRefused() {
    k8s.createCvlan("blue", spec -> {
      spec.setCidr("10.100.0.0/16");
      spec.setReserved(List.of("10.200.0.1"));
    });

    CVLAN blue = k8s.awaitUntil(CVLAN.class, "blue", c -> hasCondition(c, READY, "False"));

    assertThat(condition(blue, READY).getMessage()).contains("reserved entry \"10.200.0.1\" is outside 10.100.0.0/16");
  }

  @Test
  void newerCvlanOverlappingAnOlderOneIsRefusedWhileTheOlderStaysReady() {
    k8s.createCvlan("blue", "10.100.0.0/16");
    k8s.awaitUntil(CVLAN.class, "blue", c -> hasCondition(c, READY, "True"));
    k8s.createCvlan("red", "10.100.128.0/17");

    CVLAN red = k8s.awaitUntil(CVLAN.class, "red", c -> hasCondition(c, OVERLAPPING, "True"));

    assertThat(condition(red, READY).getStatus()).isEqualTo("False");
    assertThat(condition(red, OVERLAPPING).getMessage()).contains("CVLAN blue (10.100.0.0/16)");
    assertThat(condition(k8s.get(CVLAN.class, "blue"), READY).getStatus()).isEqualTo("True");
  }

  @Test
  void deletingTheOlderCvlanReleasesTheNewerFromOverlap() {
    k8s.createCvlan("blue", "10.100.0.0/16");
    k8s.awaitUntil(CVLAN.class, "blue", c -> hasCondition(c, READY, "True"));
    k8s.createCvlan("red", "10.100.0.0/17");
    k8s.awaitUntil(CVLAN.class, "red", c -> hasCondition(c, OVERLAPPING, "True"));

    k8s.client().resources(CVLAN.class).inNamespace(k8s.namespace()).withName("blue").delete();

    k8s.awaitUntil(CVLAN.class, "red", c -> hasCondition(c, READY, "True") && hasCondition(c, OVERLAPPING, "False"));
  }

  @Test
  void cvlansInOtherNamespacesMayUseTheSameNetwork() {
    k8s.createCvlan("blue", "10.100.0.0/16");
    k8s.awaitUntil(CVLAN.class, "blue", c -> hasCondition(c, READY, "True"));
    String first = k8s.namespace();
    // A second namespace in the same test: tenants are independent.
    CVLAN other = new CVLAN();
    other.getMetadata().setName("blue");
    other.getMetadata().setNamespace(first + "-other");
    other.setSpec(new io.cvlan.api.v1alpha1.CVLANSpec());
    other.getSpec().setCidr("10.100.0.0/16");
    k8s.client().resource(other).create();

    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).ignoreExceptions().until(() ->
        hasCondition(k8s.client().resources(CVLAN.class).inNamespace(first + "-other").withName("blue").get(), READY, "True"));
  }

  @Test
  void conditionKeepsItsTransitionTimeWhileItsStatusHolds() {
    k8s.createCvlan("blue", "10.100.0.0/16");
    CVLAN ready = k8s.awaitUntil(CVLAN.class, "blue", c -> hasCondition(c, READY, "True"));
    String transition = condition(ready, READY).getLastTransitionTime();
    k8s.clock().advance(java.time.Duration.ofMinutes(5));

    CVLAN edited = k8s.editSpecAndAwaitObserved(CVLAN.class, "blue", c -> {
      c.getSpec().setMtu(1380);
      return c;
    }, c -> c.getStatus().getObservedGeneration());

    assertThat(condition(edited, READY).getLastTransitionTime()).isEqualTo(transition);
    assertThat(condition(edited, READY).getObservedGeneration()).isEqualTo(2L);
  }

  @Test
  void fixingTheCidrMakesTheCvlanReady() {
    k8s.createCvlan("blue", "10.100.0.5/16");
    k8s.awaitUntil(CVLAN.class, "blue", c -> hasCondition(c, READY, "False"));

    k8s.client().resources(CVLAN.class).inNamespace(k8s.namespace()).withName("blue").edit(c -> {
      c.getSpec().setCidr("10.100.0.0/16");
      return c;
    });

    k8s.awaitUntil(CVLAN.class, "blue", c -> hasCondition(c, READY, "True"));
  }
}
