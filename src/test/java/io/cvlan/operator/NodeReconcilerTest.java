package io.cvlan.operator;

import io.cvlan.api.v1alpha1.Labels;
import static io.cvlan.model.NodeConditions.*;
import static io.cvlan.testing.Statuses.condition;
import static io.cvlan.testing.Statuses.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.IPAllocation;
import io.cvlan.api.v1alpha1.NodePhase;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.api.v1alpha1.PodRef;
import io.cvlan.model.CvlanConditions;
import io.cvlan.testing.OperatorFixture;
import io.cvlan.testing.TestPki;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class NodeReconcilerTest {
  @RegisterExtension
  static final OperatorFixture k8s = new OperatorFixture();

  private static boolean ready(OverlayNode node) {
    return node.getStatus() != null && node.getStatus().getPhase() == NodePhase.Ready;
  }

  private List<IPAllocation> allocationsOf(String node) {
    return k8s.client().resources(IPAllocation.class).inNamespace(k8s.namespace()).list().getItems().stream()
        .filter(a -> node.equals(a.getSpec().getNodeRef())).toList();
  }

  private OverlayNode readyNode(String name, String cvlan) {
    k8s.createNode(name, cvlan);
    return k8s.awaitUntil(OverlayNode.class, name, NodeReconcilerTest::ready);
  }

  @Test
  void nodeBecomesReadyWithTheFirstFreeAddressAndACertificate() {
    k8s.createCvlan("blue", "10.70.0.0/24");

    OverlayNode node = readyNode("laptop", "blue");

    assertThat(node.getStatus().getIpv4()).isEqualTo("10.70.0.2");
    assertThat(node.getStatus().getCertificateSecret()).isEqualTo("laptop-tls");
    assertThat(condition(node, READY).getReason()).isEqualTo(REASON_READY);
    assertThat(allocationsOf("laptop")).extracting(a -> a.getSpec().getAddress()).containsExactly("10.70.0.2");
  }

  @Test
  void clientCertificateNamesTheNodeAndLastsAYear() {
    k8s.createCvlan("blue", "10.70.0.0/24");
    OverlayNode node = readyNode("laptop", "blue");

    Secret secret = k8s.get(Secret.class, node.getStatus().getCertificateSecret());
    X509Certificate certificate = TestPki.certificate(TestPki.data(secret, "tls.crt"));

    assertThat(TestPki.commonName(certificate)).isEqualTo("node-laptop");
    assertThat(TestPki.uriSans(certificate)).containsExactly("node:laptop");
    assertThat(Duration.between(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant()))
        .isBetween(Duration.ofHours(8760), Duration.ofHours(8761));
    assertThat(node.getStatus().getCertificateNotAfter()).isEqualTo(certificate.getNotAfter().toInstant().toString());
    assertThat(TestPki.data(secret, "tls.key")).contains("PRIVATE KEY");
  }

  @Test
  void nodeWithCsrGetsItsOwnKeyCertifiedAndNoKeyIsStored() {
    k8s.createCvlan("blue", "10.70.0.0/24");
    KeyPair keys = TestPki.ecKeyPair();
    String csr = Base64.getEncoder().encodeToString(TestPki.csrPem(keys, "admin").getBytes(StandardCharsets.US_ASCII));
    k8s.createNode("laptop", "blue", n -> n.getMetadata().setAnnotations(Map.of(Labels.CSR_ANNOTATION, csr)));

    OverlayNode node = k8s.awaitUntil(OverlayNode.class, "laptop", NodeReconcilerTest::ready);
    Secret secret = k8s.get(Secret.class, node.getStatus().getCertificateSecret());
    X509Certificate certificate = TestPki.certificate(TestPki.data(secret, "tls.crt"));

    assertThat(certificate.getPublicKey()).isEqualTo(keys.getPublic());
    assertThat(TestPki.commonName(certificate)).isEqualTo("node-laptop");
    assertThat(TestPki.data(secret, "tls.key")).isNullOrEmpty();
  }

  @Test
  void invalidCsrLeavesTheNodePendingWithTheReason() {
    k8s.createCvlan("blue", "10.70.0.0/24");
    String garbage = Base64.getEncoder().encodeToString("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n"
        .getBytes(StandardCharsets.US_ASCII));
    k8s.createNode("laptop", "blue", n -> n.getMetadata().setAnnotations(Map.of(Labels.CSR_ANNOTATION, garbage)));

    OverlayNode node = k8s.awaitUntil(OverlayNode.class, "laptop", n -> hasCondition(n, CERTIFICATE, "False"));

    assertThat(node.getStatus().getPhase()).isEqualTo(NodePhase.Pending);
    assertThat(condition(node, CERTIFICATE).getReason()).isEqualTo(REASON_INVALID_CSR);
    assertThat(condition(node, READY).getReason()).isEqualTo(REASON_INVALID_CSR);
  }

  @Test
  void nodeWaitsForItsCvlanAndJoinsOnceItExists() {
    k8s.createNode("laptop", "blue");
    OverlayNode waiting = k8s.awaitUntil(OverlayNode.class, "laptop", n -> hasCondition(n, READY, "False"));
    assertThat(waiting.getStatus().getPhase()).isEqualTo(NodePhase.Pending);
    assertThat(condition(waiting, READY).getReason()).isEqualTo(REASON_CVLAN_NOT_FOUND);

    k8s.createCvlan("blue", "10.70.0.0/24");

    assertThat(k8s.awaitUntil(OverlayNode.class, "laptop", NodeReconcilerTest::ready).getStatus().getIpv4()).isEqualTo("10.70.0.2");
  }

  @Test
  void dualStackCvlanGivesAnIpv6AddressToo() {
    k8s.createCvlan("blue", spec -> {
      spec.setCidr("10.70.0.0/24");
      spec.setIpv6Cidr("fd00:70::/64");
    });

    OverlayNode node = readyNode("laptop", "blue");

    assertThat(node.getStatus().getIpv6()).startsWith("fd00:70:");
    assertThat(allocationsOf("laptop")).hasSize(2);
  }

  @Test
  void fullCvlanLeavesTheNextNodePendingAndSaysSoOnBoth() {
    k8s.createCvlan("tiny", "10.71.0.0/30");
    readyNode("first", "tiny");

    k8s.createNode("second", "tiny");

    OverlayNode second = k8s.awaitUntil(OverlayNode.class, "second", n -> hasCondition(n, ADDRESSES, "False"));
    assertThat(second.getStatus().getPhase()).isEqualTo(NodePhase.Pending);
    assertThat(condition(second, READY).getReason()).isEqualTo(REASON_EXHAUSTED);
    assertThat(condition(second, ADDRESSES).getMessage()).contains("tiny");
    CVLAN tiny = k8s.awaitUntil(CVLAN.class, "tiny", c -> hasCondition(c, CvlanConditions.EXHAUSTED, "True"));
    assertThat(tiny.getStatus().getFree()).isZero();
  }

  @Test
  void deletedNodeReleasesItsAddressForTheNextOne() {
    k8s.createCvlan("tiny", "10.71.0.0/30");
    String address = readyNode("first", "tiny").getStatus().getIpv4();
    k8s.createNode("second", "tiny");
    k8s.awaitUntil(OverlayNode.class, "second", n -> hasCondition(n, ADDRESSES, "False"));

    k8s.client().resources(OverlayNode.class).inNamespace(k8s.namespace()).withName("first").delete();

    assertThat(k8s.awaitUntil(OverlayNode.class, "second", NodeReconcilerTest::ready).getStatus().getIpv4()).isEqualTo(address);
    assertThat(allocationsOf("first")).isEmpty();
    assertThat(k8s.get(Secret.class, "first-tls")).isNull();
  }

  @Test
  void restartedOperatorKeepsEveryNodesAddress() {
    k8s.createCvlan("blue", spec -> {
      spec.setCidr("10.70.0.0/24");
      spec.setAllocation(io.cvlan.api.v1alpha1.AllocationStrategy.Random);
    });
    String before = readyNode("laptop", "blue").getStatus().getIpv4();

    k8s.restartOperator();
    OverlayNode after = k8s.editSpecAndAwaitObserved(OverlayNode.class, "laptop", n -> {
      n.getSpec().setHostname("laptop-renamed");
      return n;
    }, n -> n.getStatus().getObservedGeneration());

    assertThat(after.getStatus().getIpv4()).isEqualTo(before);
    assertThat(allocationsOf("laptop")).hasSize(1);
  }

  @Test
  void quietNodeExpiresAfterTheCvlansWindow() {
    k8s.createCvlan("blue", spec -> {
      spec.setCidr("10.70.0.0/24");
      spec.setNodeExpiry("1h");
    });
    readyNode("laptop", "blue");

    k8s.clock().advance(Duration.ofHours(2));
    OverlayNode node = k8s.editSpecAndAwaitObserved(OverlayNode.class, "laptop", n -> {
      n.getSpec().setOs("linux");
      return n;
    }, n -> n.getStatus().getObservedGeneration());

    assertThat(node.getStatus().getPhase()).isEqualTo(NodePhase.Expired);
    assertThat(condition(node, READY).getReason()).isEqualTo(REASON_EXPIRED);
  }

  @Test
  void quietEphemeralNodeIsDeleted() {
    k8s.createCvlan("blue", spec -> {
      spec.setCidr("10.70.0.0/24");
      spec.setNodeExpiry("1h");
    });
    k8s.createNode("ci-runner", "blue", n -> n.getSpec().setEphemeral(true));
    k8s.awaitUntil(OverlayNode.class, "ci-runner", NodeReconcilerTest::ready);

    k8s.clock().advance(Duration.ofHours(2));
    k8s.client().resources(OverlayNode.class).inNamespace(k8s.namespace()).withName("ci-runner")
        .edit(n -> {
          n.getSpec().setOs("linux");
          return n;
        });

    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
        .until(() -> k8s.get(OverlayNode.class, "ci-runner") == null);
    assertThat(allocationsOf("ci-runner")).isEmpty();
  }

  @Test
  void sidecarNodeIsOwnedByItsPod() {
    k8s.createCvlan("blue", "10.70.0.0/24");
    k8s.createNode("web-0", "blue", n -> {
      PodRef pod = new PodRef();
      pod.setNamespace(k8s.namespace());
      pod.setName("web-0");
      pod.setUid("0b7c0f4e-1111-2222-3333-444455556666");
      n.getSpec().setPodRef(pod);
    });

    OverlayNode node = k8s.awaitUntil(OverlayNode.class, "web-0", n -> !n.getMetadata().getOwnerReferences().isEmpty());

    assertThat(node.getMetadata().getOwnerReferences()).filteredOn(o -> "Pod".equals(o.getKind())).singleElement()
        .satisfies(o -> {
          assertThat(o.getApiVersion()).isEqualTo("v1");
          assertThat(o.getName()).isEqualTo("web-0");
          assertThat(o.getUid()).isEqualTo("0b7c0f4e-1111-2222-3333-444455556666");
          assertThat(o.getController()).isFalse();
          assertThat(o.getBlockOwnerDeletion()).isFalse();
        });
  }

  @Test
  void nodeIsControlledByItsCvlanIncarnation() {
    CVLAN blue = k8s.createCvlan("blue", "10.70.0.0/24");

    OverlayNode node = readyNode("laptop", "blue");

    assertThat(node.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
      assertThat(o.getApiVersion()).isEqualTo("cvlan.io/v1alpha1");
      assertThat(o.getKind()).isEqualTo("CVLAN");
      assertThat(o.getName()).isEqualTo("blue");
      assertThat(o.getUid()).isEqualTo(blue.getMetadata().getUid());
      assertThat(o.getController()).isTrue();
      assertThat(o.getBlockOwnerDeletion()).isTrue();
    });
  }

  @Test
  void deletingTheCvlanDeletesItsNodesWithoutTheGarbageCollector() {
    k8s.createCvlan("blue", "10.70.0.0/24");
    readyNode("laptop", "blue");

    k8s.client().resources(CVLAN.class).inNamespace(k8s.namespace()).withName("blue").delete();

    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(k8s.get(OverlayNode.class, "laptop")).isNull();
      assertThat(allocationsOf("laptop")).isEmpty();
      assertThat(k8s.get(Secret.class, "laptop-tls")).isNull();
    });
  }

  @Test
  void cvlanRecreatedUnderTheSameNameDoesNotReadmitAMemberOfTheOldOne() {
    k8s.createCvlan("blue", "10.70.0.0/24");
    k8s.createNode("laptop", "blue", n -> n.getMetadata().setOwnerReferences(List.of(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
        .withApiVersion("cvlan.io/v1alpha1").withKind("CVLAN").withName("blue").withUid("uid-of-a-deleted-blue")
        .withController(true).withBlockOwnerDeletion(true).build())));

    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> k8s.get(OverlayNode.class, "laptop") == null);
    assertThat(allocationsOf("laptop")).isEmpty();
  }

  @Test
  void lastSeenRecentlyKeepsTheNodeReady() {
    k8s.createCvlan("blue", spec -> {
      spec.setCidr("10.70.0.0/24");
      spec.setNodeExpiry("1h");
    });
    readyNode("laptop", "blue");
    k8s.clock().advance(Duration.ofHours(2));
    k8s.client().resources(OverlayNode.class).inNamespace(k8s.namespace()).withName("laptop").editStatus(n -> {
      n.getStatus().setLastSeen(Instant.now(k8s.clock()).toString());
      return n;
    });

    OverlayNode node = k8s.editSpecAndAwaitObserved(OverlayNode.class, "laptop", n -> {
      n.getSpec().setOs("linux");
      return n;
    }, n -> n.getStatus().getObservedGeneration());

    assertThat(node.getStatus().getPhase()).isEqualTo(NodePhase.Ready);
  }
}
