package io.cvlan.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.IPAllocation;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.testing.OperatorFixture;
import io.cvlan.testing.Statuses;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two operator processes without leader election, racing for the same CVLAN's addresses. */
class TwoOperatorsTest {
  /** On a timeout, what each node and claim looks like: the assertion alone does not say which node is stuck. */
  private static void dumpState() {
    k8s.client().resources(OverlayNode.class).inNamespace(k8s.namespace()).list().getItems().forEach(n -> System.err.println(
        "node " + n.getMetadata().getName() + " phase=" + (n.getStatus() == null ? null : n.getStatus().getPhase()) + " ipv4="
            + (n.getStatus() == null ? null : n.getStatus().getIpv4()) + " conditions=" + (n.getStatus() == null ? "[]"
            : n.getStatus().getConditions().stream().map(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason()).toList())));
    k8s.client().resources(IPAllocation.class).inNamespace(k8s.namespace()).list().getItems().forEach(a -> System.err.println(
        "claim " + a.getMetadata().getName() + " node=" + a.getSpec().getNodeRef()));
  }

  @RegisterExtension
  static final OperatorFixture k8s = new OperatorFixture();

  @Test
  void twoOperatorInstancesNeverHandOutAnAddressTwice() {
    try (KubernetesClient otherClient = k8s.api().newClient();
        CvlanOperator other = CvlanOperator.start(otherClient, k8s.settings())) {
      k8s.createCvlan("race", "10.95.0.0/27");
      k8s.awaitUntil(CVLAN.class, "race", c -> Statuses.hasCondition(c, "Ready", "True"));
      int capacity = 32 - 3;
      List<String> names = IntStream.range(0, capacity + 3).mapToObj(i -> "n" + i).toList();

      names.forEach(name -> k8s.createNode(name, "race"));

      // The claims are the allocation: one per address (the API server's name uniqueness), one per node (the
      // replicas settle on the lowest-named), never more than the CVLAN holds. Node statuses written by two
      // active replicas can lag each other (last writer wins); production runs with leader election.
      try {
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
          List<IPAllocation> claims = k8s.client().resources(IPAllocation.class).inNamespace(k8s.namespace()).list().getItems();
          assertThat(claims).hasSize(capacity);
          assertThat(claims.stream().map(a -> a.getSpec().getAddress()).distinct()).hasSize(capacity);
          assertThat(claims.stream().map(a -> a.getSpec().getNodeRef()).distinct()).hasSize(capacity);
          assertThat(claims.stream().map(a -> a.getSpec().getNodeRef())).allSatisfy(node -> assertThat(names).contains(node));
        });
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        dumpState();
        throw e;
      }
    }
  }
}
