package io.cvlan.registration;

import static io.cvlan.registration.Registrations.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.IPAllocation;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.registration.protocol.PodDto;
import io.cvlan.registration.protocol.RegisterRequest;
import io.cvlan.testing.ApiClient;
import io.cvlan.testing.FakeTokenReviews;
import io.cvlan.testing.RegistrationFixture;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A pod joins by who it is: its projected ServiceAccount token (audience cvlan.io), checked with a
 * TokenReview (answered here by {@link FakeTokenReviews}), stands in for the registration token.
 */
class IdentityTokenRegistrationTest {
  @RegisterExtension
  static final RegistrationFixture api = new RegistrationFixture();

  final Registrations given = new Registrations(api);
  FakeTokenReviews reviews;
  Pod web0;

  @BeforeEach
  void tokenAdmittingServiceAccountWeb() {
    reviews = new FakeTokenReviews().install(api.k8s().api());
    given.readyCvlan("blue", "10.100.0.0/16");
    given.tokenText("pods", "blue", spec -> spec.setServiceAccounts(List.of("web")));
    web0 = runningPod("web-0");
  }

  String namespace() {
    return api.k8s().namespace();
  }

  Pod runningPod(String name) {
    return api.k8s().client().resource(new PodBuilder().withNewMetadata().withNamespace(namespace()).withName(name)
        .withUid(UUID.randomUUID().toString()).endMetadata().build()).create();
  }

  String identityOf(Pod pod, String serviceAccount) {
    return reviews.boundToPod("cvlan.io", namespace(), serviceAccount, pod.getMetadata().getName(), pod.getMetadata().getUid());
  }

  static RegisterRequest withIdentity(String identityToken, PodDto pod) {
    RegisterRequest r = request("unused", "web-0");
    return new RegisterRequest(null, r.publicKey(), r.mac(), r.nonce(), r.hostname(), r.os(), r.agentVersion(), r.endpoints(), null,
        pod, null, identityToken, null);
  }

  ApiClient.Response register(RegisterRequest request) {
    return api.client().post("/client/register", request);
  }

  void assertRefusedWithNothingCreated(ApiClient.Response response, int status, String error) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.error()).isEqualTo(error);
    assertThat(given.nodes()).isEmpty();
    assertThat(api.k8s().client().resources(IPAllocation.class).inNamespace(namespace()).list().getItems()).isEmpty();
  }

  @Test
  void podWithItsServiceAccountTokenJoinsAndOwnsItsNode() {
    ApiClient.Response response = register(withIdentity(identityOf(web0, "web"), null));

    assertThat(response.status()).as(response.body()).isEqualTo(201);
    OverlayNode node = api.k8s().get(OverlayNode.class, response.json().get("node_id").asText());
    assertThat(node.getSpec().getTokenRef()).isEqualTo("pods");
    assertThat(node.getSpec().getPodRef().getName()).isEqualTo("web-0");
    assertThat(node.getSpec().getPodRef().getUid()).isEqualTo(web0.getMetadata().getUid());
    assertThat(node.getMetadata().getOwnerReferences()).filteredOn(o -> "Pod".equals(o.getKind())).singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(web0.getMetadata().getUid()));
  }

  @Test
  void podNamedInTheBodyCannotOverrideTheReviewedPod() {
    Pod other = runningPod("other-0");

    ApiClient.Response response = register(withIdentity(identityOf(web0, "web"),
        new PodDto(namespace(), "other-0", other.getMetadata().getUid())));

    assertThat(response.status()).as(response.body()).isEqualTo(201);
    OverlayNode node = api.k8s().get(OverlayNode.class, response.json().get("node_id").asText());
    assertThat(node.getSpec().getPodRef().getUid()).isEqualTo(web0.getMetadata().getUid());
  }

  @Test
  void restartedContainerOfTheSamePodKeepsItsNode() {
    String identity = identityOf(web0, "web");
    RegisterRequest first = withIdentity(identity, null);
    String nodeId = register(first).json().get("node_id").asText();

    RegisterRequest again = new RegisterRequest(null, first.publicKey(), first.mac(), Registrations.nonce(), first.hostname(), first.os(),
        first.agentVersion(), first.endpoints(), null, null, null, identity, null);
    ApiClient.Response response = register(again);

    assertThat(response.json().get("node_id").asText()).isEqualTo(nodeId);
    assertThat(given.nodes()).hasSize(1);
  }

  @Test
  void reviewOfOneTokenIsKeptBriefly() {
    String identity = identityOf(web0, "web");
    RegisterRequest first = withIdentity(identity, null);
    register(first);
    register(new RegisterRequest(null, first.publicKey(), first.mac(), Registrations.nonce(), first.hostname(), first.os(),
        first.agentVersion(), first.endpoints(), null, null, null, identity, null));

    assertThat(reviews.reviews()).isEqualTo(1);
  }

  @Test
  void tokenTheApiServerDoesNotAuthenticateIsUnauthorized() {
    assertRefusedWithNothingCreated(register(withIdentity(reviews.rejected("cvlan.io", "invalid bearer token"), null)), 401,
        "identity_unauthenticated");
  }

  @Test
  void tokenForAnotherAudienceIsUnauthorized() {
    String forTheApiServer = reviews.boundToPod("https://kubernetes.default.svc", namespace(), "web", "web-0",
        web0.getMetadata().getUid());

    assertRefusedWithNothingCreated(register(withIdentity(forTheApiServer, null)), 401, "identity_wrong_audience");
  }

  @Test
  void serviceAccountNoTokenNamesIsForbidden() {
    assertRefusedWithNothingCreated(register(withIdentity(identityOf(web0, "batch"), null)), 403, "service_account_not_admitted");
  }

  @Test
  void tokenNotBoundToAPodIsForbidden() {
    assertRefusedWithNothingCreated(register(withIdentity(reviews.unbound("cvlan.io", namespace(), "web"), null)), 403,
        "identity_not_bound_to_pod");
  }

  @Test
  void podThatIsGoneIsForbidden() {
    String identity = identityOf(web0, "web");
    api.k8s().client().resource(web0).delete();

    assertRefusedWithNothingCreated(register(withIdentity(identity, null)), 403, "pod_not_found");
  }

  @Test
  void requestWithBothKindsOfTokenIsMalformed() {
    RegisterRequest r = request(given.tokenText("fleet", "blue"), "web-0");
    RegisterRequest both = new RegisterRequest(r.token(), r.publicKey(), r.mac(), r.nonce(), r.hostname(), r.os(), r.agentVersion(),
        r.endpoints(), null, null, null, identityOf(web0, "web"), null);

    assertRefusedWithNothingCreated(register(both), 400, "malformed");
  }
}
