package io.cvlan.operator;

import static io.cvlan.testing.Statuses.condition;
import static io.cvlan.testing.Statuses.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.NodePhase;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.api.v1alpha1.VRouter;
import io.cvlan.model.CvlanConditions;
import io.cvlan.pki.FakeCertManager;
import io.cvlan.testing.OperatorFixture;
import io.cvlan.testing.TestPki;
import io.fabric8.certmanager.api.model.v1.Certificate;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Nodes and vrouters of a CVLAN that names a cert-manager issuer, with a stand-in for cert-manager. */
class CertManagerLifecycleTest {
  @RegisterExtension
  static final OperatorFixture k8s = new OperatorFixture();
  static FakeCertManager certManager;

  @BeforeAll
  static void installCertManager() {
    FakeCertManager.installCrd(k8s.client());
    certManager = FakeCertManager.start(k8s.client(), k8s.clock());
  }

  @AfterAll
  static void stopCertManager() {
    certManager.close();
  }

  @BeforeEach
  void cvlanWithIssuer() {
    k8s.createCvlan("blue", spec -> {
      spec.setCidr("10.60.0.0/24");
      OperatorFixture.useClusterIssuer(spec, "corp-ca");
    });
  }

  private Certificate certificate(String name) {
    return k8s.client().resources(Certificate.class).inNamespace(k8s.namespace()).withName(name).get();
  }

  @Test
  void cvlanSaysItsCertificatesComeFromCertManager() {
    CVLAN blue = k8s.awaitUntil(CVLAN.class, "blue", c -> hasCondition(c, CvlanConditions.CERTIFICATES, "True"));

    assertThat(condition(blue, CvlanConditions.CERTIFICATES).getReason()).isEqualTo(CvlanConditions.REASON_CERT_MANAGER);
  }

  @Test
  void nodeBecomesReadyWithTheCertificateCertManagerIssued() {
    k8s.createNode("laptop", "blue");

    OverlayNode node = k8s.awaitUntil(OverlayNode.class, "laptop", n -> n.getStatus() != null && n.getStatus().getPhase() == NodePhase.Ready);

    Certificate requested = certificate("laptop-tls");
    assertThat(requested.getSpec().getCommonName()).isEqualTo("node-laptop");
    assertThat(requested.getSpec().getUris()).containsExactly("node:laptop");
    assertThat(requested.getSpec().getIssuerRef().getName()).isEqualTo("corp-ca");
    assertThat(requested.getSpec().getDuration().getDuration()).isEqualTo(Duration.ofHours(8760));
    var issued = TestPki.certificate(TestPki.data(k8s.get(Secret.class, "laptop-tls"), "tls.crt"));
    assertThat(node.getStatus().getCertificateNotAfter()).isEqualTo(issued.getNotAfter().toInstant().toString());
  }

  @Test
  void vrouterAsksCertManagerForEightHours() {
    k8s.createVRouter("edge", spec -> spec.setCvlans(List.of("blue")));

    k8s.awaitUntil(VRouter.class, "edge", v -> hasCondition(v, "Ready", "True"));

    Certificate requested = certificate("edge-tls");
    assertThat(requested.getSpec().getCommonName()).isEqualTo("vrouter-edge");
    assertThat(requested.getSpec().getDuration().getDuration()).isEqualTo(Duration.ofHours(8));
  }
}
