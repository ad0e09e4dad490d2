package io.cvlan.registration;

import io.cvlan.model.Conditions;
import static io.cvlan.registration.Registrations.request;
import static io.cvlan.registration.Registrations.withNonce;
import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.pki.FakeCertManager;
import io.cvlan.registration.protocol.RegisterRequest;
import io.cvlan.testing.ApiClient;
import io.cvlan.testing.OperatorFixture;
import io.cvlan.testing.RegistrationFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Node whose certificate does not arrive within the wait: cert-manager is installed but not running, so
 * the Node stays Pending. The agent is told to retry; its retry gets the same identity once it is ready.
 */
class ClientRegisterNotReadyTest {
  @RegisterExtension
  static final RegistrationFixture api = new RegistrationFixture();

  final Registrations given = new Registrations(api);

  @BeforeAll
  static void installCertManagerCrdOnly() {
    FakeCertManager.installCrd(api.k8s().client());
  }

  @Test
  void nodeThatIsNotReadyInTimeIsA503AndARetryReturnsIt() {
    api.k8s().createCvlan("blue", spec -> {
      spec.setCidr("10.60.0.0/24");
      OperatorFixture.useClusterIssuer(spec, "corp-ca");
    });
    api.k8s().awaitUntil(CVLAN.class, "blue", c -> Conditions.isTrue(c.getStatus(), "Ready"));
    Registrations.await(() -> api.api().cache().cvlan(api.k8s().namespace(), "blue")
        .filter(c -> Conditions.isTrue(c.getStatus(), "Ready")).isPresent());
    String token = given.tokenText("t1", "blue");
    RegisterRequest request = request(token, "laptop");

    ApiClient.Response pending = api.client().post("/client/register", request);

    assertThat(pending.status()).as(pending.body()).isEqualTo(503);
    assertThat(pending.error()).isEqualTo("not_ready");
    assertThat(pending.header("Retry-After")).contains("2");
    assertThat(given.nodes()).hasSize(1);

    try (FakeCertManager certManager = FakeCertManager.start(api.k8s().client(), api.k8s().clock())) {
      ApiClient.Response retried = api.client().post("/client/register", withNonce(request, Registrations.nonce()));

      assertThat(retried.status()).as(retried.body()).isEqualTo(201);
      assertThat(retried.json().get("node_id").asText()).isEqualTo(given.nodes().get(0).getMetadata().getName());
      assertThat(given.nodes()).hasSize(1);
    }
  }
}
