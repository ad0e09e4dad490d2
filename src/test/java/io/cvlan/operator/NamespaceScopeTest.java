package io.cvlan.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.cache.WatchScope;
import io.cvlan.embedded.EmbeddedApiServer;
import io.cvlan.model.Provisioning;
import io.cvlan.operator.token.RegistrationApiRef;
import io.cvlan.pki.CaAlgorithm;
import io.cvlan.pki.CertificateAuthority;
import io.cvlan.registration.RegistrationApi;
import io.cvlan.testing.RegistrationFixture;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code --namespace}: every list and watch of the operator and its registration API stays in its namespaces. */
class NamespaceScopeTest {
  /** A collection read across all namespaces: {@code /apis/cvlan.io/v1alpha1/nodes?...} or {@code /api/v1/configmaps?...}. */
  static final Pattern CLUSTER_WIDE = Pattern.compile("^/apis?/(cvlan\\.io/v1alpha1|v1|cert-manager\\.io/v1)/[a-z]+(\\?.*)?$");

  EmbeddedApiServer server;
  final List<String> reads = new CopyOnWriteArrayList<>();

  @BeforeEach
  void recordReads() {
    server = EmbeddedApiServer.start();
    server.faults(request -> {
      if ("GET".equals(request.getMethod())) {
        reads.add(request.getPath());
      }
      return Optional.empty();
    });
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void operatorAndRegistrationApiOfOneNamespaceReadNothingAcrossNamespaces() {
    Clock clock = Clock.systemUTC();
    var ca = CertificateAuthority.generate("scope test CA", clock.instant(), Duration.ofDays(1), CaAlgorithm.ECDSA_P256,
        new SecureRandom());
    var settings = new OperatorSettings(clock, new RegistrationApiRef("https://localhost:0", ca.certificatePem()), Set.of("team-a"),
        Optional.empty(), Duration.ofDays(90));
    var metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    try (Provisioning provisioning = Provisioning.start(server.client(), clock, WatchScope.of(settings.namespaces()));
        CvlanOperator operator = CvlanOperator.start(server.client(), settings, metrics, provisioning);
        RegistrationApi api = RegistrationApi.start(server.client(), new RegistrationApi.Settings("127.0.0.1", 0,
            RegistrationFixture.servingTls(ca, clock.instant()), "https://localhost:0", clock), metrics, provisioning)) {
      assertThat(api.cache().synced()).isTrue();
    }

    assertThat(reads).filteredOn(path -> CLUSTER_WIDE.matcher(path).matches()).isEmpty();
    assertThat(reads).anyMatch(path -> path.startsWith("/apis/cvlan.io/v1alpha1/namespaces/team-a/ipallocations"))
        .anyMatch(path -> path.startsWith("/apis/cvlan.io/v1alpha1/namespaces/team-a/nodes"))
        .anyMatch(path -> path.startsWith("/api/v1/namespaces/team-a/configmaps"));
  }
}
