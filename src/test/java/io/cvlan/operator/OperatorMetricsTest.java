package io.cvlan.operator;

import static io.cvlan.testing.Statuses.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.api.v1alpha1.RegistrationToken;
import io.cvlan.testing.OperatorFixture;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OperatorMetricsTest {
  static final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @RegisterExtension
  static final OperatorFixture k8s = new OperatorFixture(registry);

  private static void awaitScrapeContaining(String line) {
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(registry.scrape()).contains(line));
  }

  @Test
  void scrapeShowsFreeAddressesOfACvlanAfterANodeJoinsAndCountsReconciles() {
    k8s.createCvlan("blue", "10.100.0.0/24");
    k8s.awaitUntil(CVLAN.class, "blue", c -> hasCondition(c, "Ready", "True"));
    k8s.createNode("vm-1", "blue");
    k8s.awaitUntil(OverlayNode.class, "vm-1", n -> hasCondition(n, "Ready", "True"));
    CVLAN blue = k8s.awaitUntil(CVLAN.class, "blue", c -> c.getStatus().getAllocated() == 1);

    String labels = "{cvlan=\"blue\",namespace=\"" + k8s.namespace() + "\"}";
    awaitScrapeContaining("cvlan_cvlan_free_addresses" + labels + " " + (double) blue.getStatus().getFree());
    awaitScrapeContaining("cvlan_allocations_total" + labels + " 1.0");
    assertThat(registry.scrape()).containsPattern("cvlan_reconciles_total\\{controller=\"cvlan\",outcome=\"success\"} [1-9]");
  }

  @Test
  void scrapeShowsSecondsUntilANodeCertificateExpires() {
    k8s.createCvlan("blue", "10.100.0.0/24");
    k8s.createNode("vm-1", "blue");
    OverlayNode node = k8s.awaitUntil(OverlayNode.class, "vm-1",
        n -> hasCondition(n, "Ready", "True") && n.getStatus().getCertificateNotAfter() != null);
    Instant notAfter = Instant.parse(node.getStatus().getCertificateNotAfter());

    assertThat(registry.scrape())
        .containsPattern("cvlan_certificate_expiry_seconds\\{name=\"vm-1\",namespace=\"" + k8s.namespace() + "\"} [1-9]");
    Instant before = k8s.clock().instant();
    double seconds = registry.find("cvlan.certificate.expiry").tags("namespace", k8s.namespace(), "name", "vm-1").gauge().value();
    Instant after = k8s.clock().instant();
    // Computed at scrape time from the certificate's notAfter, to the millisecond.
    assertThat(seconds).isBetween(Duration.between(after, notAfter).toMillis() / 1000.0 - 0.001,
        Duration.between(before, notAfter).toMillis() / 1000.0 + 0.001);
  }

  @Test
  void scrapeShowsTheUsesOfAToken() {
    k8s.createCvlan("blue", "10.100.0.0/24");
    k8s.createToken("fleet", "blue");
    k8s.awaitUntil(RegistrationToken.class, "fleet", t -> hasCondition(t, "Ready", "True"));

    awaitScrapeContaining("cvlan_token_uses{namespace=\"" + k8s.namespace() + "\",token=\"fleet\"} 0.0");
  }
}
