package io.cvlan.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.pki.StoredCsr;
import org.junit.jupiter.api.Test;

class NewNodesTest {
  private final NewNodes newNodes = new NewNodes();

  private static OverlayNode node(String namespace, String name) {
    OverlayNode node = new OverlayNode();
    node.getMetadata().setNamespace(namespace);
    node.getMetadata().setName(name);
    return node;
  }

  @Test
  void whatARegistrationStoredIsHandedOverOnce() {
    newNodes.creating(node("ns", "n1"), new StoredCsr("csr"), "certificate");

    assertThat(newNodes.take(node("ns", "n1"))).hasValueSatisfying(stored -> {
      assertThat(stored.csr().pem()).isEqualTo("csr");
      assertThat(stored.certificatePem()).isEqualTo("certificate");
    });
    assertThat(newNodes.take(node("ns", "n1"))).isEmpty();
  }

  @Test
  void aCreateThatFailedHandsNothingOver() {
    newNodes.creating(node("ns", "n1"), new StoredCsr("csr"), "certificate");

    newNodes.notCreated(node("ns", "n1"));

    assertThat(newNodes.take(node("ns", "n1"))).isEmpty();
  }

  @Test
  void aNodeOfTheNameInAnotherNamespaceOrNotCreatedHereIsReadBack() {
    newNodes.creating(node("ns", "n1"), new StoredCsr("csr"), "certificate");

    assertThat(newNodes.take(node("other", "n1"))).isEmpty();
    assertThat(newNodes.take(node("ns", "n2"))).isEmpty();
  }
}
