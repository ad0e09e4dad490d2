package io.cvlan.registration;

import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.pki.CaAlgorithm;
import io.cvlan.pki.CertificateAuthority;
import io.cvlan.pki.Keys;
import io.cvlan.pki.LeafProfile;
import io.cvlan.registration.http.RegistrationServer;
import io.cvlan.registration.http.ServerTls;
import io.cvlan.registration.protocol.RegisterRequest;
import io.cvlan.testing.ApiClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A replica stopping takes no new registration: it says so (503, Retry-After) while its probes tell the Service. */
class RegistrationDrainTest {
  private Vertx vertx;
  private ExecutorService workers;
  private RegistrationServer server;
  private ApiClient client;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    workers = Executors.newFixedThreadPool(2);
    SecureRandom random = new SecureRandom();
    CertificateAuthority ca = CertificateAuthority.generate("test CA", Clock.systemUTC().instant(), Duration.ofDays(1),
        CaAlgorithm.ECDSA_P256, random);
    KeyPair keys = Keys.ecP256(random);
    String leaf = CertificateAuthority.toPem(ca.sign(LeafProfile.server("localhost", List.of("localhost"), Duration.ofDays(1)),
        keys.getPublic(), Clock.systemUTC().instant()));
    server = new RegistrationServer(vertx, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), workers, Clock.systemUTC(), () -> true)
        .route(HttpMethod.POST, "/client/register", RegisterRequest.class, 201,
            (body, context) -> CompletableFuture.completedFuture(Map.of("node_id", "n1")));
    int port = server.listen("127.0.0.1", 0, new ServerTls(leaf, Keys.toPem(keys.getPrivate()), ca.certificatePem()))
        .toCompletableFuture().join();
    client = ApiClient.to("https://localhost:" + port, ca.certificatePem());
  }

  @AfterEach
  void stop() {
    server.close();
    workers.shutdownNow();
    vertx.close();
  }

  @Test
  void drainingServerRefusesNewRegistrationsWithRetryAfter() {
    server.drain();

    ApiClient.Response response = client.post("/client/register", Map.of("hostname", "laptop"));

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.error()).isEqualTo("shutting_down");
    assertThat(response.header("Retry-After")).contains("1");
  }

  @Test
  void drainingServerIsAliveButNotReady() {
    server.drain();

    assertThat(client.get("/healthz").status()).isEqualTo(200);
    assertThat(client.get("/readyz").status()).isEqualTo(503);
  }
}
