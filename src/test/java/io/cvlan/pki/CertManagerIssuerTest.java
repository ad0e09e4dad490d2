package io.cvlan.pki;

import static io.cvlan.pki.BuiltInCaTest.issued;
import static io.cvlan.pki.BuiltInCaTest.withCsr;
import static io.cvlan.pki.BuiltInCaTest.x509;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.IssuerKind;
import io.fabric8.certmanager.api.model.v1.Certificate;
import io.fabric8.certmanager.api.model.v1.CertificateCondition;
import io.fabric8.certmanager.api.model.v1.CertificateStatus;
import io.fabric8.certmanager.client.CertManagerClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With spec.certificates.issuerRef set, cert-manager issues and the operator waits for its Secret. */
class CertManagerIssuerTest {
  private static final Duration CLIENT = Duration.ofHours(8760);
  private static final Duration VROUTER = Duration.ofHours(8);

  @RegisterExtension
  static final PkiCluster cluster = new PkiCluster();

  @BeforeAll
  static void installCertManagerCrd() {
    FakeCertManager.installCrd(cluster.client());
  }

  private CVLAN blue() {
    return cluster.cvlan("blue", Optional.of(PkiCluster.issuer(IssuerKind.ClusterIssuer, "corp-ca")));
  }

  private CertManagerIssuer issuer(CVLAN cvlan) {
    CertificateIssuer issuer = new CertificateIssuers(cluster.client(), cluster.clock()).forCvlan(cvlan);
    assertThat(issuer).isInstanceOf(CertManagerIssuer.class);
    return (CertManagerIssuer) issuer;
  }

  private Certificate certificate(String name) {
    return cluster.client().adapt(CertManagerClient.class).v1().certificates()
        .inNamespace(cluster.namespace()).withName(name).get();
  }

  @Test
  void cvlanWithIssuerRefGetsCertManager() {
    CVLAN blue = blue();

    assertThat(new CertificateIssuers(cluster.client(), cluster.clock()).forCvlan(blue))
        .isInstanceOf(CertManagerIssuer.class);
  }

  @Test
  void pendingUntilCertManagerWritesTheSecret() {
    CVLAN blue = blue();

    IssueResult result = issuer(blue).issue(blue, cluster.request("abc", CLIENT));

    assertThat(result).isEqualTo(new IssueResult.Pending("CertificatePending",
        "waiting for cert-manager to issue Certificate " + cluster.namespace() + "/abc-tls via ClusterIssuer/corp-ca"));
    assertThat(issuer(blue).current(blue, cluster.request("abc", CLIENT))).isEmpty();
  }

  @Test
  void issuedWithTheSecretsKeyAndChainOnceCertManagerHasWrittenIt() throws Exception {
    CVLAN blue = blue();
    CertManagerIssuer issuer = issuer(blue);
    issuer.issue(blue, cluster.request("abc", CLIENT));

    try (FakeCertManager certManager = FakeCertManager.start(cluster.client(), cluster.clock())) {
      IssueResult result = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
          .until(() -> issuer.issue(blue, cluster.request("abc", CLIENT)), r -> r instanceof IssueResult.Issued);

      IssueResult.Issued issued = issued(result);
      assertThat(issued.privateKeyPem()).isPresent();
      assertThat(issued.caChainPem()).isEqualTo(certManager.ca().certificatePem());
      assertThat(x509(issued.certificatePem()).getSubjectX500Principal().getName()).isEqualTo("CN=node-abc");
      assertThat(x509(issued.certificatePem()).getNotAfter().toInstant()).isEqualTo(issued.notAfter());
      assertThat(Duration.between(issued.notBefore(), issued.notAfter()))
          .isEqualTo(CLIENT.plus(CertificateAuthority.BACKDATE));
      assertThat(issuer.current(blue, cluster.request("abc", CLIENT))).contains(issued);
    }
  }

  @Test
  void csrIsIgnoredAndTheSecretsKeyReturned() throws Exception {
    CVLAN blue = blue();
    CertManagerIssuer issuer = issuer(blue);
    var request = withCsr(cluster.request("abc", CLIENT), Csrs.csr("node-abc", Csrs.p256()));

    try (FakeCertManager certManager = FakeCertManager.start(cluster.client(), cluster.clock())) {
      IssueResult result = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
          .until(() -> issuer.issue(blue, request), r -> r instanceof IssueResult.Issued);

      assertThat(issued(result).privateKeyPem()).isPresent();
    }
  }

  @Test
  void certificateSpecNamesTheIdentityDurationAndIssuer() {
    CVLAN blue = blue();

    issuer(blue).issue(blue, cluster.request("abc", CLIENT));
    Certificate certificate = certificate("abc-tls");

    var spec = certificate.getSpec();
    assertThat(spec.getSecretName()).isEqualTo("abc-tls");
    assertThat(spec.getCommonName()).isEqualTo("node-abc");
    assertThat(spec.getUris()).containsExactly("node:abc");
    assertThat(spec.getDuration().getDuration()).isEqualTo(CLIENT);
    assertThat(spec.getRenewBefore().getDuration()).isEqualTo(Duration.ofHours(2920));
    assertThat(spec.getPrivateKey().getAlgorithm()).isEqualTo("ECDSA");
    assertThat(spec.getPrivateKey().getSize()).isEqualTo(256);
    assertThat(spec.getUsages()).containsExactly("client auth", "server auth", "digital signature");
    assertThat(spec.getIssuerRef().getName()).isEqualTo("corp-ca");
    assertThat(spec.getIssuerRef().getKind()).isEqualTo("ClusterIssuer");
    assertThat(spec.getIssuerRef().getGroup()).isEqualTo("cert-manager.io");
    assertThat(certificate.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(owner -> assertThat(owner.getName()).isEqualTo("abc"));
  }

  @Test
  void durationsAreStoredTheWayKubectlUsersWriteThem() {
    CVLAN blue = blue();

    issuer(blue).issue(blue, cluster.request("abc", CLIENT));

    var stored = cluster.client().genericKubernetesResources("cert-manager.io/v1", "Certificate")
        .inNamespace(cluster.namespace()).withName("abc-tls").get();
    @SuppressWarnings("unchecked")
    var spec = (java.util.Map<String, Object>) stored.getAdditionalProperties().get("spec");
    assertThat(spec).containsEntry("duration", "8760h0m0s").containsEntry("renewBefore", "2920h0m0s");
  }

  @Test
  void vrouterCertificateAsksForEightHours() {
    CVLAN blue = blue();

    issuer(blue).issue(blue, new CertificateRequest(cluster.namespace(), "vr1-tls", "vrouter-1", "vrouter:1", VROUTER,
        Optional.empty(), cluster.owner("vr1")));

    var spec = certificate("vr1-tls").getSpec();
    assertThat(spec.getDuration().getDuration()).isEqualTo(VROUTER);
    assertThat(spec.getRenewBefore().getDuration()).isEqualTo(Duration.ofMinutes(160));
    assertThat(spec.getCommonName()).isEqualTo("vrouter-1");
    assertThat(spec.getUris()).containsExactly("vrouter:1");
  }

  @Test
  void issueAgainWithTheSameRequestLeavesTheCertificateAlone() {
    CVLAN blue = blue();
    CertManagerIssuer issuer = issuer(blue);
    issuer.issue(blue, cluster.request("abc", CLIENT));
    String version = certificate("abc-tls").getMetadata().getResourceVersion();

    issuer.issue(blue, cluster.request("abc", CLIENT));

    assertThat(certificate("abc-tls").getMetadata().getResourceVersion()).isEqualTo(version);
  }

  @Test
  void issueAgainUpdatesTheCertificateInPlace() {
    CVLAN blue = blue();
    CertManagerIssuer issuer = issuer(blue);
    issuer.issue(blue, cluster.request("abc", CLIENT));

    issuer.issue(blue, cluster.request("abc", CLIENT));
    issuer.issue(blue, cluster.request("abc", Duration.ofHours(24)));

    assertThat(certificate("abc-tls").getSpec().getDuration().getDuration()).isEqualTo(Duration.ofHours(24));
    assertThat(cluster.client().adapt(CertManagerClient.class).v1().certificates().inNamespace(cluster.namespace())
        .list().getItems()).hasSize(1);
  }

  @Test
  void pendingMessageCarriesCertManagersReadyMessage() {
    CVLAN blue = blue();
    CertManagerIssuer issuer = issuer(blue);
    issuer.issue(blue, cluster.request("abc", CLIENT));
    CertificateStatus status = new CertificateStatus();
    status.setConditions(List.of(new CertificateCondition(null, "Issuer corp-ca is not ready", null,
        "IssuerNotReady", "False", "Ready")));
    cluster.client().adapt(CertManagerClient.class).v1().certificates().inNamespace(cluster.namespace())
        .withName("abc-tls").editStatus(c -> {
          c.setStatus(status);
          return c;
        });

    IssueResult result = issuer.issue(blue, cluster.request("abc", CLIENT));

    assertThat(result).isInstanceOf(IssueResult.Pending.class);
    assertThat(((IssueResult.Pending) result).message()).endsWith("via ClusterIssuer/corp-ca: Issuer corp-ca is not ready");
  }

  @Test
  void revokeDeletesTheCertificateAndItsSecret() throws Exception {
    CVLAN blue = blue();
    CertManagerIssuer issuer = issuer(blue);
    try (FakeCertManager certManager = FakeCertManager.start(cluster.client(), cluster.clock())) {
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
          .until(() -> issuer.issue(blue, cluster.request("abc", CLIENT)), r -> r instanceof IssueResult.Issued);
    }

    issuer.revoke(cluster.namespace(), "abc-tls");

    assertThat(certificate("abc-tls")).isNull();
    assertThat(cluster.secret("abc-tls")).isNull();
  }
}
