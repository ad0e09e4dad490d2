package io.cvlan.registration;

import io.cvlan.registration.http.ServerTls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cvlan.embedded.EmbeddedApiServer;
import io.cvlan.registration.tls.ServingCertificates;
import io.cvlan.testing.TestPki;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ServingCertificatesTest {
  static EmbeddedApiServer api;

  @BeforeAll
  static void start() {
    api = EmbeddedApiServer.start();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void everyReplicaServesUnderTheSameBuiltInCa() {
    ServerTls first = ServingCertificates.builtIn(api.client(), "ops-a", List.of("cvlan.example"), Clock.systemUTC());
    ServerTls second = ServingCertificates.builtIn(api.client(), "ops-a", List.of("cvlan.example"), Clock.systemUTC());

    assertThat(second.caPem()).isEqualTo(first.caPem());
    assertThat(second.certificateChainPem()).isNotEqualTo(first.certificateChainPem());
  }

  @Test
  void servingCertificateNamesTheConfiguredHosts() throws Exception {
    ServerTls tls = ServingCertificates.builtIn(api.client(), "ops-b", List.of("cvlan.example", "127.0.0.1"), Clock.systemUTC());

    X509Certificate leaf = TestPki.certificate(tls.certificateChainPem());

    assertThat(leaf.getSubjectAlternativeNames().stream().map(san -> String.valueOf(san.get(1))).toList()).contains("cvlan.example", "127.0.0.1");
    leaf.verify(TestPki.certificate(tls.caPem()).getPublicKey());
  }

  @Test
  void certManagerIssuesTheServingCertificateForTheHosts() throws Exception {
    io.cvlan.pki.FakeCertManager.installCrd(api.client());
    try (var certManager = io.cvlan.pki.FakeCertManager.start(api.client(), Clock.systemUTC())) {
      io.cvlan.api.v1alpha1.IssuerRef issuer = new io.cvlan.api.v1alpha1.IssuerRef();
      issuer.setKind(io.cvlan.api.v1alpha1.IssuerKind.ClusterIssuer);
      issuer.setName("corp-ca");

      ServerTls tls = ServingCertificates.fromCertManager(api.client(), "ops-d", "cvlan-registration-tls", issuer,
          List.of("cvlan.example", "127.0.0.1"), java.time.Duration.ofSeconds(20));

      X509Certificate leaf = TestPki.certificate(tls.certificateChainPem());
      assertThat(TestPki.commonName(leaf)).isEqualTo("cvlan.example");
      leaf.verify(TestPki.certificate(tls.caPem()).getPublicKey());
    }
  }

  @Test
  void missingTlsSecretStopsTheStartWithItsName() {
    assertThatThrownBy(() -> ServingCertificates.fromSecret(api.client(), "ops-c", "registration-tls"))
        .hasMessageContaining("ops-c/registration-tls");
  }
}
