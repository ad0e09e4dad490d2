package io.cvlan.operator;

import static io.cvlan.testing.Statuses.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.NodePhase;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.model.Conditions;
import io.cvlan.testing.OperatorFixture;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 12, item 6a: a CVLAN whose reconcile fails for a reason that has nothing to do with it (a response cut
 * off: an IOException) keeps its Ready verdict, and its Nodes stay Ready and in its peers — membership follows
 * the CVLAN's validity, not the last reconcile's luck.
 */
class TransientCvlanErrorTest {
  @RegisterExtension
  static final OperatorFixture k8s = new OperatorFixture();

  private static final List<String> NODES = List.of("vm-1", "vm-2", "vm-3");

  /** Every phase each Node was seen in, and every Ready status of the CVLAN, from the moment the error starts. */
  private final Map<String, List<NodePhase>> phasesSeen = new ConcurrentHashMap<>();
  private final List<String> cvlanReadySeen = new CopyOnWriteArrayList<>();
  private final List<Watch> watches = new CopyOnWriteArrayList<>();

  @AfterEach
  void stopWatchingAndFailing() {
    watches.forEach(Watch::close);
    k8s.api().faults(request -> Optional.empty());
  }

  private static boolean ready(OverlayNode node) {
    return node.getStatus() != null && node.getStatus().getPhase() == NodePhase.Ready;
  }

  private Set<String> peerIds() {
    ConfigMap shard = k8s.get(ConfigMap.class, "blue-peers-0");
    return shard == null ? Set.of() : shard.getData().keySet();
  }

  /** Peer ConfigMap writes answered 200 with half a body: the client fails reading it, with an IOException. */
  private void cutOffConfigMapWrites() {
    String configMaps = "/api/v1/namespaces/" + k8s.namespace() + "/configmaps";
    k8s.api().faults(request -> !"GET".equals(request.getMethod()) && request.getPath().startsWith(configMaps)
        ? Optional.of(new MockResponse().setResponseCode(200).setBody("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{"))
        : Optional.empty());
  }

  private void recordPhasesAndReadiness() {
    watches.add(k8s.client().resources(OverlayNode.class).inNamespace(k8s.namespace()).watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, OverlayNode node) {
        phasesSeen.computeIfAbsent(node.getMetadata().getName(), n -> new CopyOnWriteArrayList<>())
            .add(node.getStatus() == null ? null : node.getStatus().getPhase());
      }

      @Override
      public void onClose(WatcherException cause) {}
    }));
    watches.add(k8s.client().resources(CVLAN.class).inNamespace(k8s.namespace()).withName("blue").watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, CVLAN cvlan) {
        cvlan.getStatus().getConditions().stream().filter(c -> Conditions.READY.equals(c.getType()))
            .forEach(c -> cvlanReadySeen.add(c.getStatus() + "/" + c.getReason()));
      }

      @Override
      public void onClose(WatcherException cause) {}
    }));
  }

  private CVLAN readyCvlanWithReadyMembers() {
    k8s.createCvlan("blue", "10.71.0.0/24");
    NODES.forEach(name -> k8s.createNode(name, "blue"));
    NODES.forEach(name -> k8s.awaitUntil(OverlayNode.class, name, TransientCvlanErrorTest::ready));
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> peerIds().containsAll(NODES));
    return k8s.awaitUntil(CVLAN.class, "blue", c -> hasCondition(c, "Ready", "True"));
  }

  private CVLAN failingReconcile() {
    cutOffConfigMapWrites();
    // A new MTU changes what shard 0 carries: the reconcile must write it, and fails.
    k8s.client().resources(CVLAN.class).inNamespace(k8s.namespace()).withName("blue").edit(c -> {
      c.getSpec().setMtu(1380);
      return c;
    });
    return k8s.awaitUntil(CVLAN.class, "blue", c -> c.getStatus().getConditions().stream()
        .anyMatch(condition -> "ReconcileError".equals(condition.getReason())));
  }

  @Test
  void failedCvlanReconcileKeepsReadyAndSaysWhyInReconciled() {
    readyCvlanWithReadyMembers();

    CVLAN failed = failingReconcile();

    assertThat(hasCondition(failed, "Ready", "True", "Ready")).isTrue();
    assertThat(hasCondition(failed, "Reconciled", "False", "ReconcileError")).isTrue();
    assertThat(io.cvlan.testing.Statuses.condition(failed, "Reconciled").getMessage()).isNotBlank();
  }

  @Test
  void nodesStayReadyAndInThePeersWhileTheirCvlanFailsToReconcile() {
    readyCvlanWithReadyMembers();
    recordPhasesAndReadiness();

    failingReconcile();
    // Each Node reconciled again against the failing CVLAN (a spec change of its own): still Ready.
    for (String name : NODES) {
      OverlayNode node = k8s.editSpecAndAwaitObserved(OverlayNode.class, name, n -> {
        n.getSpec().setOs("linux-6.12");
        return n;
      }, n -> n.getStatus() == null ? null : n.getStatus().getObservedGeneration());
      assertThat(node.getStatus().getPhase()).as(name).isEqualTo(NodePhase.Ready);
    }

    assertThat(phasesSeen).allSatisfy((name, phases) -> assertThat(phases).as(name).containsOnly(NodePhase.Ready));
    assertThat(cvlanReadySeen).containsOnly("True/Ready");
    assertThat(peerIds()).containsAll(NODES);
  }

  @Test
  void cvlanReportsReconciledAgainOnceTheErrorPasses() {
    readyCvlanWithReadyMembers();
    failingReconcile();

    k8s.api().faults(request -> Optional.empty());

    CVLAN recovered = k8s.awaitUntil(CVLAN.class, "blue", c -> hasCondition(c, "Reconciled", "True", "ReconcileSucceeded"));
    assertThat(recovered.getStatus().getObservedGeneration()).isEqualTo(recovered.getMetadata().getGeneration());
  }
}
