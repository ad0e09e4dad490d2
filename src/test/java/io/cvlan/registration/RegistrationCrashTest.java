package io.cvlan.registration;

import static io.cvlan.registration.Registrations.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.IPAllocation;
import io.cvlan.model.Provisioning;
import io.cvlan.operator.claims.ClaimRepair;
import io.cvlan.testing.ApiClient;
import io.cvlan.testing.RegistrationFixture;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A registration that fails between claiming its address and creating its Node leaves no claim behind: it
 * releases the claim itself, and when it cannot (the process died), the repair pass does once the claim's
 * grace has passed. Faults are injected into the embedded API server's answers.
 */
class RegistrationCrashTest {
  @RegisterExtension
  static final RegistrationFixture api = new RegistrationFixture();

  final Registrations given = new Registrations(api);

  static final Predicate<RecordedRequest> NODE_CREATE = r -> "POST".equals(r.getMethod()) && r.getPath().contains("/nodes");
  static final Predicate<RecordedRequest> CLAIM_DELETE = r -> "DELETE".equals(r.getMethod()) && r.getPath().contains("/ipallocations/");

  @AfterEach
  void restoreService() {
    api.k8s().api().faults(request -> Optional.empty());
  }

  /**
   * The matching requests fail. 422, not 5xx: fabric8's client retries 5xx answers for up to a minute, and what
   * is simulated here is a write that does not happen, not a slow one.
   */
  void failing(Predicate<RecordedRequest> requests) {
    api.k8s().api().faults(request -> requests.test(request)
        ? Optional.of(new MockResponse().setResponseCode(422).setBody("{\"kind\":\"Status\",\"code\":422}"))
        : Optional.empty());
  }

  List<IPAllocation> claims() {
    return api.k8s().client().resources(IPAllocation.class).inNamespace(api.k8s().namespace()).list().getItems();
  }

  @Test
  void aFailedNodeCreateReleasesTheClaimInTheRequest() {
    given.readyCvlan("blue", "10.100.0.0/24");
    String token = given.tokenText("t1", "blue");
    failing(NODE_CREATE);

    ApiClient.Response response = api.client().post("/client/register", request(token, "laptop"));

    assertThat(response.status()).as(response.body()).isEqualTo(500);
    assertThat(given.nodes()).isEmpty();
    assertThat(claims()).isEmpty();
  }

  @Test
  void aClaimLeftBehindByARegistrationThatDiedIsReleasedByTheRepairPassAfterItsGrace() {
    given.readyCvlan("blue", "10.100.0.0/24");
    String token = given.tokenText("t1", "blue");
    failing(NODE_CREATE.or(CLAIM_DELETE));
    ApiClient.Response response = api.client().post("/client/register", request(token, "laptop"));
    assertThat(response.status()).as(response.body()).isEqualTo(500);
    restoreService();
    assertThat(claims()).extracting(c -> c.getSpec().getAddress()).containsExactly("10.100.0.2");

    try (Provisioning provisioning = Provisioning.start(api.k8s().client(), Clock.systemUTC())) {
      Set<String> namespaces = Set.of(api.k8s().namespace());
      ClaimRepair tooEarly = new ClaimRepair(api.k8s().client(), provisioning.allocator(), namespaces, Clock.systemUTC());
      ClaimRepair pastGrace = new ClaimRepair(api.k8s().client(), provisioning.allocator(), namespaces,
          Clock.offset(Clock.systemUTC(), ClaimRepair.GRACE.plus(Duration.ofSeconds(5))));

      assertThat(tooEarly.repairOnce()).isZero();
      assertThat(pastGrace.repairOnce()).isEqualTo(1);
    }
    assertThat(claims()).isEmpty();
  }
}
