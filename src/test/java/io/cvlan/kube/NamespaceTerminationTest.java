package io.cvlan.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

/** How a namespace being deleted shows: in the Namespace itself, and in the API server's refusals. */
class NamespaceTerminationTest {
  /** What kube-apiserver's NamespaceLifecycle admission answers a create in a namespace being deleted. */
  static KubernetesClientException refusal() {
    Status status = new StatusBuilder().withStatus("Failure").withCode(403).withReason("Forbidden")
        .withMessage("secrets \"t1-token\" is forbidden: unable to create new content in namespace tenant-a because it is being terminated")
        .withNewDetails().withName("t1-token").withKind("secrets")
          .addNewCause().withReason("NamespaceTerminating").withField("metadata.namespace")
            .withMessage("namespace tenant-a is being terminated").endCause()
        .endDetails()
        .build();
    return new KubernetesClientException(status);
  }

  @Test
  void theCreateRefusalOfANamespaceBeingDeletedIsRecognised() {
    assertThat(NamespaceTermination.refused(refusal())).isTrue();
  }

  @Test
  void theRefusalIsRecognisedUnderWhateverWrapsIt() {
    assertThat(NamespaceTermination.refused(new IllegalStateException("dependent failed", refusal()))).isTrue();
  }

  @Test
  void theRefusalIsRecognisedByItsMessageAloneToo() {
    Status bare = new StatusBuilder().withCode(403)
        .withMessage("configmaps \"x\" is forbidden: unable to create new content in namespace a because it is being terminated").build();

    assertThat(NamespaceTermination.refused(new KubernetesClientException(bare))).isTrue();
  }

  @Test
  void anyOtherForbiddenIsAnError() {
    Status rbac = new StatusBuilder().withCode(403).withReason("Forbidden")
        .withMessage("secrets is forbidden: User \"system:serviceaccount:cvlan-system:cvlan-operator\" cannot create resource \"secrets\"")
        .build();

    assertThat(NamespaceTermination.refused(new KubernetesClientException(rbac))).isFalse();
  }

  @Test
  void aConflictIsAnError() {
    assertThat(NamespaceTermination.refused(new KubernetesClientException("Conflict", 409, null))).isFalse();
  }

  @Test
  void theOperatorsOwnWordForItCountsToo() {
    assertThat(NamespaceTermination.refused(new NamespaceTerminatingException("tenant-a", refusal()))).isTrue();
  }

  @Test
  void aNamespaceWithADeletionTimestampIsTerminating() {
    Namespace deleted = new NamespaceBuilder().withNewMetadata().withName("a").withDeletionTimestamp("2026-11-23T10:00:00Z")
        .endMetadata().build();

    assertThat(NamespaceTermination.isTerminating(deleted)).isTrue();
  }

  @Test
  void aNamespaceInPhaseTerminatingIsTerminating() {
    Namespace terminating = new NamespaceBuilder().withNewMetadata().withName("a").endMetadata()
        .withNewStatus().withPhase("Terminating").endStatus().build();

    assertThat(NamespaceTermination.isTerminating(terminating)).isTrue();
  }

  @Test
  void anActiveNamespaceIsNot() {
    Namespace active = new NamespaceBuilder().withNewMetadata().withName("a").endMetadata()
        .withNewStatus().withPhase("Active").endStatus().build();

    assertThat(NamespaceTermination.isTerminating(active)).isFalse();
    assertThat(NamespaceTermination.isTerminating(null)).isFalse();
  }
}
