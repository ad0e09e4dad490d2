package io.cvlan.operator.token;

import static io.cvlan.model.TokenConditions.REASON_RECONCILE_ERROR;
import static io.cvlan.testing.Statuses.condition;
import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.RegistrationToken;
import io.cvlan.testing.OperatorFixture;
import io.cvlan.testing.TerminatingNamespace;
import io.cvlan.token.store.SigningKeyStore;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A namespace being deleted: the namespace controller deletes the token Secret and the signing keys, and the
 * API server refuses every create there with 403 "... because it is being terminated". The reconciler
 * stops: it makes nothing again, and the refusal is no error — no ReconcileError condition, no retry loop.
 * The mock server has no namespace lifecycle, so its fault hook answers the creates as kube-apiserver would.
 */
class TerminatingNamespaceTest {
  @RegisterExtension
  static final OperatorFixture k8s = new OperatorFixture();

  final TokenSteps steps = new TokenSteps(k8s);
  /** Creates of Secrets refused: the attempts to make the token Secret or the keys again. */
  final AtomicInteger refusedCreates = new AtomicInteger();

  @AfterEach
  void serveAgain() {
    k8s.api().faults(request -> Optional.empty());
  }

  /** From now on every create in the test's namespace is refused as in a namespace being deleted. */
  void terminateTheNamespace() {
    String namespace = k8s.namespace();
    k8s.api().faults(request -> isCreateIn(request, namespace) ? Optional.of(TerminatingNamespace.refusal(namespace)) : Optional.empty());
  }

  /** Every create there is refused (Events too, as on a real server); those of Secrets are counted. */
  boolean isCreateIn(RecordedRequest request, String namespace) {
    boolean create = TerminatingNamespace.isCreateIn(request, namespace);
    if (create && request.getPath().contains("/secrets")) {
      refusedCreates.incrementAndGet();
    }
    return create;
  }

  /** What the namespace controller does first: the token Secret and the keys go. */
  void namespaceControllerDeletesTheSecrets() {
    k8s.client().secrets().inNamespace(k8s.namespace()).withName("t1-token").delete();
    k8s.client().secrets().inNamespace(k8s.namespace()).withName(SigningKeyStore.SECRET_NAME).delete();
  }

  @Test
  void nothingDeletedIsMadeAgain() {
    steps.readyToken("t1", spec -> {});
    terminateTheNamespace();

    namespaceControllerDeletesTheSecrets();

    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> refusedCreates.get() > 0);
    Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
        k8s.get(Secret.class, "t1-token") == null && k8s.get(Secret.class, SigningKeyStore.SECRET_NAME) == null);
  }

  @Test
  void theRefusalIsNoErrorCondition() {
    steps.readyToken("t1", spec -> {});
    terminateTheNamespace();

    namespaceControllerDeletesTheSecrets();

    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> refusedCreates.get() > 0);
    Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
        .until(() -> k8s.get(RegistrationToken.class, "t1").getStatus().getConditions().stream()
            .noneMatch(c -> REASON_RECONCILE_ERROR.equals(c.getReason())));
  }

  /** A refusal retried would come back every few seconds; stopping leaves the one attempt each deletion woke. */
  @Test
  void theRefusalIsNotRetried() throws InterruptedException {
    steps.readyToken("t1", spec -> {});
    terminateTheNamespace();

    namespaceControllerDeletesTheSecrets();
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> refusedCreates.get() > 0);
    Thread.sleep(1000);
    int settled = refusedCreates.get();

    Thread.sleep(4000);
    assertThat(refusedCreates.get()).isEqualTo(settled);
  }
}
