package io.cvlan.testing;

import io.cvlan.pki.CaAlgorithm;
import io.cvlan.pki.CertificateAuthority;
import io.cvlan.pki.Keys;
import io.cvlan.pki.LeafProfile;
import io.cvlan.registration.RegistrationApi;
import io.cvlan.registration.http.ServerTls;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The operator on the embedded API server (an {@link OperatorFixture}) plus the registration API serving
 * HTTPS on a loopback port with a test CA, and clients that trust it. One per test class.
 */
public final class RegistrationFixture implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
  private final OperatorFixture k8s = new OperatorFixture();
  private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Duration seenFlushInterval;
  private CertificateAuthority ca;
  private RegistrationApi api;

  public RegistrationFixture() {
    this(Duration.ofSeconds(5));
  }

  /** With signs of life (lastSeen, endpoints) written every {@code seenFlushInterval} instead of 5 s. */
  public RegistrationFixture(Duration seenFlushInterval) {
    this.seenFlushInterval = seenFlushInterval;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    k8s.beforeAll(context);
    ca = CertificateAuthority.generate("cvlan registration test CA", k8s.clock().instant(), Duration.ofDays(30),
        CaAlgorithm.ECDSA_P256, new SecureRandom());
    ServerTls tls = servingTls(ca, k8s.clock().instant());
    api = RegistrationApi.start(k8s.client(), new RegistrationApi.Settings("127.0.0.1", 0, tls, "https://localhost:0", k8s.clock(),
        seenFlushInterval),
        metrics);
  }

  /** A loopback serving certificate signed by {@code ca}. */
  public static ServerTls servingTls(CertificateAuthority ca, java.time.Instant now) {
    KeyPair serving = Keys.ecP256(new SecureRandom());
    String leaf = CertificateAuthority.toPem(ca.sign(LeafProfile.server("localhost", List.of("localhost", "127.0.0.1"),
        Duration.ofDays(30)), serving.getPublic(), now));
    return new ServerTls(leaf + ca.certificatePem(), Keys.toPem(serving.getPrivate()), ca.certificatePem());
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    k8s.beforeEach(context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (api != null) {
      api.close();
    }
    k8s.afterAll(context);
  }

  public OperatorFixture k8s() {
    return k8s;
  }

  public RegistrationApi api() {
    return api;
  }

  public PrometheusMeterRegistry metrics() {
    return metrics;
  }

  public String baseUrl() {
    return "https://localhost:" + api.port();
  }

  public String caPem() {
    return ca.certificatePem();
  }

  /** A client that trusts the API's CA and presents no certificate. */
  public ApiClient client() {
    return ApiClient.to(baseUrl(), caPem());
  }

  /** A client presenting a certificate (PEM chain and key), e.g. what registration returned. */
  public ApiClient clientWithCertificate(String certificatePem, String privateKeyPem) {
    return client().withClientCertificate(caPem(), certificatePem, privateKeyPem);
  }
}
