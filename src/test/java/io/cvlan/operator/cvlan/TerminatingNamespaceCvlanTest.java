package io.cvlan.operator.cvlan;

import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.NodePhase;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.model.Conditions;
import io.cvlan.testing.OperatorFixture;
import io.cvlan.testing.TerminatingNamespace;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A namespace being deleted, seen from a CVLAN with a member: the namespace controller deletes the peer
 * ConfigMap, the API server refuses every create there, and the CVLAN reconciler stops quietly — nothing made
 * again, no ReconcileError, no retry loop. (The token's side is in the token package.)
 */
class TerminatingNamespaceCvlanTest {
  @RegisterExtension
  static final OperatorFixture k8s = new OperatorFixture();

  final AtomicInteger refusedConfigMapCreates = new AtomicInteger();

  @BeforeEach
  void cvlanWithAMember() {
    k8s.createCvlan("blue", "10.90.0.0/24");
    k8s.createNode("laptop", "blue", n -> n.getSpec().setPublicKey(OperatorFixture.randomWireGuardKey()));
    k8s.awaitUntil(OverlayNode.class, "laptop", n -> n.getStatus() != null && n.getStatus().getPhase() == NodePhase.Ready);
    k8s.awaitUntil(ConfigMap.class, "blue-peers-0", c -> true);
  }

  @AfterEach
  void serveAgain() {
    k8s.api().faults(request -> Optional.empty());
  }

  /**
   * Every create in the namespace is refused from now on; the namespace controller deletes the peers and the
   * Node (whose going makes the CVLAN publish its peers again).
   */
  void namespaceIsTerminated() {
    String namespace = k8s.namespace();
    k8s.api().faults(request -> refused(request, namespace) ? Optional.of(TerminatingNamespace.refusal(namespace)) : Optional.empty());
    k8s.client().configMaps().inNamespace(namespace).withName("blue-peers-0").delete();
    k8s.client().resources(OverlayNode.class).inNamespace(namespace).withName("laptop").delete();
  }

  boolean refused(RecordedRequest request, String namespace) {
    boolean create = TerminatingNamespace.isCreateIn(request, namespace);
    if (create && request.getPath().contains("/configmaps")) {
      refusedConfigMapCreates.incrementAndGet();
    }
    return create;
  }

  @Test
  void peerConfigMapTheNamespaceControllerDeletedIsNotMadeAgain() {
    namespaceIsTerminated();

    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> refusedConfigMapCreates.get() > 0);
    Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
        .until(() -> k8s.get(ConfigMap.class, "blue-peers-0") == null);
  }

  @Test
  void theRefusalIsNoErrorConditionAndIsNotRetried() throws InterruptedException {
    namespaceIsTerminated();
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> refusedConfigMapCreates.get() > 0);
    Thread.sleep(1000);
    int settled = refusedConfigMapCreates.get();

    Thread.sleep(4000);

    assertThat(refusedConfigMapCreates.get()).isEqualTo(settled);
    assertThat(k8s.get(CVLAN.class, "blue").getStatus().getConditions())
        .noneMatch(c -> Conditions.REASON_RECONCILE_ERROR.equals(c.getReason()));
  }
}
