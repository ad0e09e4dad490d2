package io.cvlan.registration;

import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.testing.ApiClient;
import io.cvlan.testing.RegistrationFixture;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /client/discover?tenant=}: unauthenticated, names and CIDRs only, limited per client address. */
class DiscoverEndpointTest {
  @RegisterExtension
  static final RegistrationFixture api = new RegistrationFixture();
  static final AtomicInteger HOURS = new AtomicInteger();

  /**
   * Every test comes from 127.0.0.1 and so shares one bucket. The fixture resets the clock before each test;
   * moving it further ahead than any earlier test did gives each test a full bucket.
   */
  @BeforeEach
  void fullBucket() {
    api.k8s().clock().advance(Duration.ofHours(HOURS.addAndGet(1)));
  }

  static void readyCvlan(String name, String cidr, String ipv6Cidr) {
    api.k8s().createCvlan(name, spec -> {
      spec.setCidr(cidr);
      spec.setIpv6Cidr(ipv6Cidr);
    });
    api.k8s().awaitUntil(CVLAN.class, name, c -> c.getStatus() != null && c.getStatus().getConditions().stream()
        .anyMatch(cond -> "Ready".equals(cond.getType()) && "True".equals(cond.getStatus())));
  }

  @Test
  void discoverListsTheReadyCvlansOfTheTenantAndTheServer() {
    readyCvlan("blue", "10.100.0.0/24", "fd00:100::/64");
    readyCvlan("green", "10.102.0.0/24", null);

    ApiClient.Response response = api.client().get("/client/discover?tenant=" + api.k8s().namespace());

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("tenant").asText()).isEqualTo(api.k8s().namespace());
    assertThat(response.json().get("server").asText()).isEqualTo("https://localhost:0");
    assertThat(response.json().get("cvlans")).hasSize(2);
    assertThat(response.json().get("cvlans").get(0).get("name").asText()).isEqualTo("blue");
    assertThat(response.json().get("cvlans").get(0).get("cidr").asText()).isEqualTo("10.100.0.0/24");
    assertThat(response.json().get("cvlans").get(0).get("ipv6_cidr").asText()).isEqualTo("fd00:100::/64");
    assertThat(response.json().get("cvlans").get(0).size()).isEqualTo(3);
  }

  @Test
  void tenantWithoutNetworksIsNotFound() {
    ApiClient.Response response = api.client().get("/client/discover?tenant=nobody-here");

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.error()).isEqualTo("unknown_tenant");
  }

  @Test
  void missingTenantIsMalformed() {
    ApiClient.Response response = api.client().get("/client/discover");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("message").asText()).contains("tenant");
  }

  @Test
  void moreThanTheBurstFromOneAddressIsRateLimitedWithRetryAfter() {
    for (int i = 0; i < 5; i++) {
      assertThat(api.client().get("/client/discover?tenant=nobody-here").status()).isEqualTo(404);
    }

    ApiClient.Response limited = api.client().get("/client/discover?tenant=nobody-here");

    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.error()).isEqualTo("rate_limited");
    assertThat(Integer.parseInt(limited.header("Retry-After").orElseThrow())).isBetween(1, 6);
  }
}
