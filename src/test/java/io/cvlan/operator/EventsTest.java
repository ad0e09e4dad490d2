package io.cvlan.operator;

import io.cvlan.operator.status.KubernetesEvents;
import io.cvlan.operator.status.EventRecorder;
import static io.cvlan.testing.Statuses.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.model.CvlanConditions;
import io.cvlan.model.NodeConditions;
import io.cvlan.testing.OperatorFixture;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EventsTest {
  @RegisterExtension
  static final OperatorFixture k8s = new OperatorFixture();

  private static List<Event> eventsOf(String kind, String name) {
    return k8s.client().v1().events().inNamespace(k8s.namespace()).list().getItems().stream()
        .filter(e -> kind.equals(e.getInvolvedObject().getKind()) && name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  private static List<Event> awaitEvent(String kind, String name, String reason) {
    return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
        .until(() -> eventsOf(kind, name), events -> events.stream().anyMatch(e -> reason.equals(e.getReason())));
  }

  private static Event only(List<Event> events, String reason) {
    List<Event> matching = events.stream().filter(e -> reason.equals(e.getReason())).toList();
    assertThat(matching).as("events with reason %s", reason).hasSize(1);
    return matching.get(0);
  }

  @Test
  void cvlanBecomingReadyRecordsOneNormalEvent() {
    k8s.createCvlan("blue", "10.100.0.0/24");
    CVLAN blue = k8s.awaitUntil(CVLAN.class, "blue", c -> hasCondition(c, CvlanConditions.READY, "True"));

    Event ready = only(awaitEvent("CVLAN", "blue", "Ready"), "Ready");

    assertThat(ready.getType()).isEqualTo("Normal");
    assertThat(ready.getCount()).isEqualTo(1);
    assertThat(ready.getReportingComponent()).isEqualTo("cvlan-operator");
    assertThat(ready.getInvolvedObject().getUid()).isEqualTo(blue.getMetadata().getUid());
    assertThat(eventsOf("CVLAN", "blue")).as("a healthy CVLAN says Ready and nothing else").hasSize(1);
  }

  @Test
  void overlappingCvlanRecordsAWarningNamingTheOverlap() {
    k8s.createCvlan("blue", "10.100.0.0/16");
    k8s.awaitUntil(CVLAN.class, "blue", c -> hasCondition(c, CvlanConditions.READY, "True"));
    k8s.createCvlan("red", "10.100.128.0/17");

    List<Event> events = awaitEvent("CVLAN", "red", CvlanConditions.REASON_CIDR_OVERLAP);

    Event overlap = events.stream().filter(e -> "CIDROverlap".equals(e.getReason())).findFirst().orElseThrow();
    assertThat(overlap.getType()).isEqualTo("Warning");
    assertThat(overlap.getMessage()).contains("blue").contains("10.100.0.0/16");
  }

  @Test
  void reconcilingAgainWithoutAChangeRecordsNothingNew() {
    k8s.createCvlan("blue", "10.100.0.0/24");
    k8s.awaitUntil(CVLAN.class, "blue", c -> hasCondition(c, CvlanConditions.READY, "True"));
    List<Event> before = awaitEvent("CVLAN", "blue", "Ready");

    k8s.editSpecAndAwaitObserved(CVLAN.class, "blue", c -> {
      c.getSpec().setMtu(1380);
      return c;
    }, c -> c.getStatus().getObservedGeneration());

    List<Event> after = eventsOf("CVLAN", "blue");
    assertThat(after).hasSameSizeAs(before);
    assertThat(only(after, "Ready").getCount()).isEqualTo(1);
  }

  @Test
  void aNodesFirstReadyRecordsNoEventJoinsAreCountedInMetrics() {
    k8s.createCvlan("blue", "10.100.0.0/24");
    k8s.awaitUntil(CVLAN.class, "blue", c -> hasCondition(c, CvlanConditions.READY, "True"));
    k8s.createNode("vm-1", "blue");
    k8s.awaitUntil(OverlayNode.class, "vm-1", n -> hasCondition(n, NodeConditions.READY, "True"));

    // Events are recorded before the status patch that made the Node Ready: none can still be on its way.
    assertThat(eventsOf("Node", "vm-1")).isEmpty();
  }

  @Test
  void aNodeComingBackToReadyRecordsAnEventNamingItsAddress() {
    k8s.createNode("vm-1", "late");
    k8s.awaitUntil(OverlayNode.class, "vm-1", n -> hasCondition(n, NodeConditions.READY, "False"));
    k8s.createCvlan("late", "10.100.0.0/24");
    OverlayNode node = k8s.awaitUntil(OverlayNode.class, "vm-1", n -> hasCondition(n, NodeConditions.READY, "True"));

    Event ready = only(awaitEvent("Node", "vm-1", "Ready"), "Ready");

    assertThat(ready.getType()).isEqualTo("Normal");
    assertThat(ready.getMessage()).contains("ipv4 " + node.getStatus().getIpv4());
  }

  @Test
  void exhaustedCvlanRecordsAWarning() {
    k8s.createCvlan("tiny", "10.71.0.0/30");
    k8s.createNode("first", "tiny");
    k8s.awaitUntil(CVLAN.class, "tiny", c -> hasCondition(c, CvlanConditions.EXHAUSTED, "True"));

    Event exhausted = only(awaitEvent("CVLAN", "tiny", CvlanConditions.REASON_NO_FREE_ADDRESSES),
        CvlanConditions.REASON_NO_FREE_ADDRESSES);

    assertThat(exhausted.getType()).isEqualTo("Warning");
    assertThat(exhausted.getMessage()).contains("0 of 1 addresses free");
  }

  @Test
  void theSameNewsAgainWithinTheWindowBumpsTheCountInsteadOfWritingAnotherEvent() {
    CVLAN blue = k8s.createCvlan("blue", "10.100.0.0/24");
    EventRecorder events = new KubernetesEvents(k8s.client(), k8s.clock());

    events.record(blue, EventRecorder.Type.Warning, "Flapping", "went down");
    events.record(blue, EventRecorder.Type.Warning, "Flapping", "went down");

    Event flapping = only(eventsOf("CVLAN", "blue"), "Flapping");
    assertThat(flapping.getCount()).isEqualTo(2);
    assertThat(flapping.getSource().getComponent()).isEqualTo("cvlan-operator");
  }
}
