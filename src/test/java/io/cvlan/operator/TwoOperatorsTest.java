package io.cvlan.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.IPAllocation;
import io.cvlan.api.v1alpha1.NodePhase;
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

      // Both replicas settle on the same claim per node (the lowest name); statuses converge on it.
      Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        List<OverlayNode> ready = k8s.client().resources(OverlayNode.class).inNamespace(k8s.namespace()).list().getItems().stream()
            .filter(n -> n.getStatus() != null && n.getStatus().getPhase() == NodePhase.Ready).toList();
        List<IPAllocation> claims = k8s.client().resources(IPAllocation.class).inNamespace(k8s.namespace()).list().getItems();
        assertThat(ready).hasSize(capacity);
        assertThat(claims).hasSize(capacity);
        assertThat(claims.stream().map(a -> a.getSpec().getNodeRef()).distinct()).hasSize(capacity);
        assertThat(ready.stream().map(n -> n.getStatus().getIpv4()).distinct()).hasSize(capacity);
        assertThat(ready).allSatisfy(n -> assertThat(claims).anySatisfy(a -> {
          assertThat(a.getSpec().getNodeRef()).isEqualTo(n.getMetadata().getName());
          assertThat(a.getSpec().getAddress()).isEqualTo(n.getStatus().getIpv4());
        }));
      });
    }
  }
}
