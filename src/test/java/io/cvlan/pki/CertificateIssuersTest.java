package io.cvlan.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.IssuerKind;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A cluster without cert-manager: a CVLAN that names an issuer waits, with a message saying why. */
class CertificateIssuersTest {
  @RegisterExtension
  static final PkiCluster cluster = new PkiCluster();

  @Test
  void certManagerIsNotInstalledWithoutItsCrd() {
    assertThat(new CertificateIssuers(cluster.client(), cluster.clock()).certManagerInstalled()).isFalse();
  }

  @Test
  void issuerRefWithoutCertManagerIsPendingWithAnActionableMessage() throws Exception {
    CVLAN blue = cluster.cvlan("blue", Optional.of(PkiCluster.issuer(IssuerKind.Issuer, "team-ca")));
    CertificateIssuers issuers = new CertificateIssuers(cluster.client(), cluster.clock());

    IssueResult result = issuers.forCvlan(blue).issue(blue, cluster.request("abc", Duration.ofHours(8760)));

    assertThat(result).isEqualTo(new IssueResult.Pending("CertManagerNotInstalled",
        "the CVLAN names issuer Issuer/team-ca but cert-manager's CRDs are not installed in this cluster;"
            + " install cert-manager or remove spec.certificates.issuerRef"));
    assertThat(issuers.forCvlan(blue).current(blue, cluster.request("abc", Duration.ofHours(8760)))).isEmpty();
  }

  @Test
  void installedAnswerIsKeptForThirtySeconds() {
    CertificateIssuers issuers = new CertificateIssuers(cluster.client(), cluster.clock());
    assertThat(issuers.certManagerInstalled()).isFalse();
    try {
      FakeCertManager.installCrd(cluster.client());

      assertThat(issuers.certManagerInstalled()).as("cached").isFalse();
      cluster.clock().advance(Duration.ofSeconds(31));
      assertThat(issuers.certManagerInstalled()).as("asked again").isTrue();
    } finally {
      cluster.client().apiextensions().v1().customResourceDefinitions()
          .withName(CertificateIssuers.CERTIFICATES_CRD).delete();
    }
  }
}
