package io.cvlan.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.NodeStatus;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusReconcilerTest {
  private record Recorded(String name, EventRecorder.Type type, String reason, String message) {}

  private final List<Recorded> recorded = new ArrayList<>();
  private final EventRecorder recorder = (HasMetadata resource, EventRecorder.Type type, String reason, String message) ->
      recorded.add(new Recorded(resource.getMetadata().getName(), type, reason, message));
  private final NodeStatuses reconciler = new NodeStatuses(new StatusFactory(Clock.fixed(Instant.parse("2026-01-02T00:00:00Z"), ZoneOffset.UTC)), recorder);

  /** The smallest reconciler: one that only writes status. */
  private static final class NodeStatuses extends StatusReconciler<OverlayNode, NodeStatus> {
    NodeStatuses(StatusFactory statuses, EventRecorder events) {
      super(statuses, events, NodeStatus::new);
    }

    @Override
    protected UpdateControl<OverlayNode> reconcileResource(OverlayNode node, Context<OverlayNode> context) {
      return nextStatus(node).set("Ready", true, "Ready", "ipv4 10.0.0.2").patch();
    }

    @Override
    protected void release(OverlayNode node, Context<OverlayNode> context) {
    }
  }

  private static OverlayNode cachedNode() {
    OverlayNode node = new OverlayNode();
    node.getMetadata().setName("vm-1");
    node.getMetadata().setNamespace("t1");
    node.getMetadata().setUid("uid-1");
    node.getMetadata().setGeneration(3L);
    node.setStatus(new NodeStatus());
    node.getStatus().setLastSeen("2026-01-01T23:59:00Z");
    return node;
  }

  @Test
  void newStatusIsAValueApartFromThePreviousOne() throws Exception {
    OverlayNode node = cachedNode();
    NodeStatus previous = node.getStatus();

    OverlayNode patched = reconciler.reconcile(node, null).getResource().orElseThrow();

    assertThat(patched.getStatus()).isNotSameAs(previous);
    assertThat(previous.getConditions()).isEmpty();
    assertThat(patched.getStatus().getObservedGeneration()).isEqualTo(3L);
  }

  @Test
  void factsWrittenByOthersAreCarriedIntoThePatch() throws Exception {
    OverlayNode patched = reconciler.reconcile(cachedNode(), null).getResource().orElseThrow();

    assertThat(patched.getStatus().getLastSeen()).isEqualTo("2026-01-01T23:59:00Z");
  }

  @Test
  void eventsOfTheChangeAreRecordedWhenTheStatusIsComputed() throws Exception {
    reconciler.reconcile(cachedNode(), null);

    assertThat(recorded).containsExactly(new Recorded("vm-1", EventRecorder.Type.Normal, "Ready", "ipv4 10.0.0.2"));
  }

  @Test
  void reconcilingAgainFromACacheThatMissedThePatchTellsNothingNew() throws Exception {
    reconciler.reconcile(cachedNode(), null);
    reconciler.reconcile(cachedNode(), null);

    assertThat(recorded).hasSize(1);
  }

  @Test
  void failedReconcileMakesReadyUnknownWithTheExceptionsMessage() throws Exception {
    OverlayNode patched = reconciler.updateErrorStatus(cachedNode(), null, new IllegalStateException("CA Secret t1/blue-ca-key is corrupt"))
        .getResource().orElseThrow();

    Condition ready = patched.getStatus().getConditions().get(0);
    assertThat(ready.getType()).isEqualTo("Ready");
    assertThat(ready.getStatus()).isEqualTo("Unknown");
    assertThat(ready.getReason()).isEqualTo("ReconcileError");
    assertThat(ready.getMessage()).isEqualTo("CA Secret t1/blue-ca-key is corrupt");
    assertThat(recorded).extracting(Recorded::type).containsExactly(EventRecorder.Type.Warning);
  }

  /** A Node Ready since yesterday, last reconciled at generation 2; its spec is at generation 3. */
  private static OverlayNode readyNode() {
    OverlayNode node = cachedNode();
    node.getStatus().setObservedGeneration(2L);
    node.getStatus().getConditions().add(new ConditionBuilder().withType("Ready").withStatus("True").withReason("Ready")
        .withMessage("ipv4 10.0.0.2").withObservedGeneration(2L).withLastTransitionTime("2026-01-01T00:00:00Z").build());
    return node;
  }

  private static Condition condition(OverlayNode node, String type) {
    return node.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
        .orElseThrow(() -> new AssertionError("no condition " + type));
  }

  @Test
  void failedReconcileKeepsTheLastReadyVerdictAndReportsTheErrorInReconciled() throws Exception {
    OverlayNode patched = reconciler.updateErrorStatus(readyNode(), null, new IOException("connection reset by peer"))
        .getResource().orElseThrow();

    Condition ready = condition(patched, "Ready");
    assertThat(ready.getStatus()).isEqualTo("True");
    assertThat(ready.getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
    Condition reconciled = condition(patched, "Reconciled");
    assertThat(reconciled.getStatus()).isEqualTo("False");
    assertThat(reconciled.getReason()).isEqualTo("ReconcileError");
    assertThat(reconciled.getMessage()).isEqualTo("connection reset by peer");
    assertThat(recorded).containsExactly(new Recorded("vm-1", EventRecorder.Type.Warning, "ReconcileError", "connection reset by peer"));
  }

  @Test
  void failedReconcileLeavesTheGenerationUnobserved() throws Exception {
    OverlayNode patched = reconciler.updateErrorStatus(readyNode(), null, new IOException("connection reset by peer"))
        .getResource().orElseThrow();

    assertThat(patched.getStatus().getObservedGeneration()).isEqualTo(2L);
  }

  @Test
  void reconcileGettingThroughAfterAnErrorMarksReconciledTrueAgain() throws Exception {
    OverlayNode failed = reconciler.updateErrorStatus(readyNode(), null, new IOException("connection reset by peer"))
        .getResource().orElseThrow();

    OverlayNode recovered = reconciler.reconcile(failed, null).getResource().orElseThrow();

    assertThat(condition(recovered, "Reconciled").getStatus()).isEqualTo("True");
    assertThat(condition(recovered, "Reconciled").getReason()).isEqualTo("ReconcileSucceeded");
    assertThat(recovered.getStatus().getObservedGeneration()).isEqualTo(3L);
    assertThat(recorded).extracting(Recorded::reason).containsExactly("ReconcileError", "ReconcileSucceeded");
  }

  @Test
  void reconcileThatNeverFailedHasNoReconciledCondition() throws Exception {
    OverlayNode patched = reconciler.reconcile(readyNode(), null).getResource().orElseThrow();

    assertThat(patched.getStatus().getConditions()).extracting(Condition::getType).containsExactly("Ready");
  }

  @Test
  void reconcileInterruptedByTheOperatorStoppingRecordsNothing() throws Exception {
    var interruptedCall = new KubernetesClientException("operation interrupted", new InterruptedException());
    var interruptedRead = new KubernetesClientException("read interrupted", new InterruptedIOException());

    assertThat(reconciler.updateErrorStatus(readyNode(), null, interruptedCall).getResource()).isEmpty();
    assertThat(reconciler.updateErrorStatus(readyNode(), null, interruptedRead).getResource()).isEmpty();
    assertThat(recorded).isEmpty();
  }

  @Test
  void socketTimeoutIsAnErrorOfTheNetworkNotAStop() throws Exception {
    var timedOut = new KubernetesClientException("timeout", new SocketTimeoutException("read timed out"));

    assertThat(reconciler.updateErrorStatus(readyNode(), null, timedOut).getResource()).isPresent();
  }
}
