package io.cvlan.registration;

import io.cvlan.registration.http.ServerTls;
import io.cvlan.registration.http.RegistrationServer;
import io.cvlan.registration.http.ApiException;
import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.pki.CaAlgorithm;
import io.cvlan.pki.CertificateAuthority;
import io.cvlan.pki.Keys;
import io.cvlan.pki.LeafProfile;
import io.cvlan.registration.protocol.RegisterRequest;
import io.cvlan.testing.ApiClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Transport behaviour shared by every endpoint: TLS, body limit, JSON errors, metrics. */
class RegistrationServerTest {
  static Vertx vertx;
  static ExecutorService workers;
  static RegistrationServer server;
  static PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  static ApiClient client;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    workers = Executors.newFixedThreadPool(4);
    SecureRandom random = new SecureRandom();
    CertificateAuthority ca = CertificateAuthority.generate("test CA", Clock.systemUTC().instant(), Duration.ofDays(1), CaAlgorithm.ECDSA_P256, random);
    KeyPair keys = Keys.ecP256(random);
    String leaf = CertificateAuthority.toPem(ca.sign(LeafProfile.server("localhost", List.of("localhost", "127.0.0.1"), Duration.ofDays(1)),
        keys.getPublic(), Clock.systemUTC().instant()));
    server = new RegistrationServer(vertx, metrics, workers, Clock.systemUTC(), () -> true)
        .route(HttpMethod.POST, "/echo", RegisterRequest.class, 201, (body, context) -> CompletableFuture.completedFuture(Map.of("hostname", body.hostname())))
        .route(HttpMethod.POST, "/busy", RegisterRequest.class, 200, (body, context) -> {
          throw new ApiException(429, "rate_limited", "slow down", Duration.ofSeconds(7));
        })
        .route(HttpMethod.POST, "/broken", RegisterRequest.class, 200, (body, context) -> {
          throw new IllegalStateException("secret-token-value");
        });
    int port = server.listen("127.0.0.1", 0, new ServerTls(leaf, Keys.toPem(keys.getPrivate()), ca.certificatePem()))
        .toCompletableFuture().join();
    client = ApiClient.to("https://localhost:" + port, ca.certificatePem());
    caPem = ca.certificatePem();
    baseUrl = "https://localhost:" + port;
  }

  static String caPem;
  static String baseUrl;

  @AfterAll
  static void stop() {
    server.close();
    workers.shutdownNow();
    vertx.close();
  }

  @Test
  void answersAreGzippedForAClientThatAcceptsGzipAndReadAsJson() throws Exception {
    var reply = io.cvlan.registration.client.RegistrationHttpClient.to(baseUrl, caPem)
        .post("/echo", Map.of("hostname", "laptop"), Map.of(), Duration.ofSeconds(10));

    assertThat(reply.status()).isEqualTo(201);
    assertThat(reply.header("content-encoding")).hasValue("gzip");
    assertThat(reply.text()).isEqualTo("{\"hostname\":\"laptop\"}");
  }

  @Test
  void answersStayUncompressedForAClientThatDoesNotAskForGzip() {
    ApiClient.Response response = client.post("/echo", Map.of("hostname", "laptop"));

    assertThat(response.status()).isEqualTo(201);
    assertThat(response.header("content-encoding")).isEmpty();
    assertThat(response.json().get("hostname").asText()).isEqualTo("laptop");
  }

  @Test
  void jsonBodyIsParsedAndAnsweredWithTheEndpointsStatus() {
    ApiClient.Response response = client.post("/echo", Map.of("hostname", "laptop", "unknown_field", 1));

    assertThat(response.status()).isEqualTo(201);
    assertThat(response.json().get("hostname").asText()).isEqualTo("laptop");
  }

  @Test
  void bodyOverSixtyFourKibIsRefusedWith413BeforeParsing() {
    byte[] huge = ("{\"hostname\":\"" + "a".repeat(RegistrationServer.MAX_BODY_BYTES) + "\"}").getBytes(StandardCharsets.US_ASCII);

    ApiClient.Response response = client.postRaw("/echo", huge);

    assertThat(response.status()).isEqualTo(413);
    assertThat(response.error()).isEqualTo("body_too_large");
  }

  @Test
  void malformedJsonIsRefusedWith400() {
    ApiClient.Response response = client.postRaw("/echo", "{\"hostname\": ".getBytes(StandardCharsets.US_ASCII));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.error()).isEqualTo("malformed");
    assertThat(response.json().get("message").asText()).contains("not valid JSON");
  }

  @Test
  void fieldOfTheWrongTypeIsNamed() {
    ApiClient.Response response = client.post("/echo", Map.of("hostname", "laptop", "endpoints", "not-a-list"));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("message").asText()).contains("endpoints");
  }

  @Test
  void emptyBodyIsRefusedWith400() {
    assertThat(client.postRaw("/echo", new byte[0]).status()).isEqualTo(400);
  }

  @Test
  void refusalCarriesItsStatusCodeAndRetryAfter() {
    ApiClient.Response response = client.post("/busy", Map.of());

    assertThat(response.status()).isEqualTo(429);
    assertThat(response.error()).isEqualTo("rate_limited");
    assertThat(response.header("Retry-After")).contains("7");
  }

  @Test
  void unexpectedFailureIsA500ThatRevealsNothing() {
    ApiClient.Response response = client.post("/broken", Map.of());

    assertThat(response.status()).isEqualTo(500);
    assertThat(response.body()).doesNotContain("secret-token-value");
  }

  @Test
  void unknownPathIsAJson404() {
    ApiClient.Response response = client.get("/nowhere");

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.error()).isEqualTo("not_found");
  }

  @Test
  void healthAndReadinessAnswer() {
    assertThat(client.get("/healthz").status()).isEqualTo(200);
    assertThat(client.get("/readyz").status()).isEqualTo(200);
  }

  @Test
  void requestsAreCountedPerEndpointAndStatus() {
    client.post("/echo", Map.of("hostname", "laptop"));

    assertThat(metrics.scrape()).contains("cvlan_api_requests_seconds_count{endpoint=\"/echo\",status=\"201\"");
  }
}
