package io.cvlan.registration;

import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.NodePhase;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.pki.FakeCertManager;
import io.cvlan.testing.ApiClient;
import io.cvlan.testing.OperatorFixture;
import io.cvlan.testing.RegistrationFixture;
import io.cvlan.testing.TestPki;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With cert-manager issuing, a poll is checked against the ca.crt cert-manager wrote next to the node's certificate. */
class ClientCertificateCertManagerTest {
  @RegisterExtension
  static final RegistrationFixture api = new RegistrationFixture();
  static FakeCertManager certManager;

  @BeforeAll
  static void installCertManager() {
    FakeCertManager.installCrd(api.k8s().client());
    certManager = FakeCertManager.start(api.k8s().client(), api.k8s().clock());
  }

  @AfterAll
  static void stopCertManager() {
    certManager.close();
  }

  @Test
  void nodeWithACertManagerCertificatePolls() {
    api.k8s().createCvlan("blue", spec -> {
      spec.setCidr("10.60.0.0/24");
      OperatorFixture.useClusterIssuer(spec, "corp-ca");
    });
    api.k8s().awaitUntil(CVLAN.class, "blue", c -> c.getStatus() != null && c.getStatus().getConditions().stream()
        .anyMatch(cond -> "Ready".equals(cond.getType()) && "True".equals(cond.getStatus())));
    api.k8s().createNode("laptop", "blue");
    api.k8s().awaitUntil(OverlayNode.class, "laptop", n -> n.getStatus() != null && n.getStatus().getPhase() == NodePhase.Ready);
    Secret tls = api.k8s().get(Secret.class, "laptop-tls");
    ApiClient laptop = api.clientWithCertificate(TestPki.data(tls, "tls.crt"), TestPki.data(tls, "tls.key"))
        .withHeader("X-Node-Id", "laptop");
    byte[] nonce = new byte[32];
    ThreadLocalRandom.current().nextBytes(nonce);

    ApiClient.Response response = laptop.post("/client/poll",
        Map.of("mac", "02:42:ac:11:00:02", "nonce", HexFormat.of().formatHex(nonce), "endpoints", List.of()));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("full").asBoolean()).isTrue();
  }
}
