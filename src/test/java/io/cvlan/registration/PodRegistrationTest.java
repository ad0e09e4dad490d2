package io.cvlan.registration;

import static io.cvlan.registration.Registrations.request;
import static io.cvlan.registration.Registrations.withPod;
import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.registration.protocol.PodDto;
import io.cvlan.testing.ApiClient;
import io.cvlan.testing.RegistrationFixture;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A register request naming a pod: the pod is checked before anything is created, and owns the Node. */
class PodRegistrationTest {
  @RegisterExtension
  static final RegistrationFixture api = new RegistrationFixture();

  final Registrations given = new Registrations(api);
  String token;

  @BeforeEach
  void blueToken() {
    given.readyCvlan("blue", "10.100.0.0/16");
    token = given.tokenText("t1", "blue");
  }

  Pod runningPod(String namespace, String name) {
    return api.k8s().client().resource(new PodBuilder().withNewMetadata().withNamespace(namespace).withName(name)
        .withUid(UUID.randomUUID().toString()).endMetadata().build()).create();
  }

  ApiClient.Response registerAs(PodDto pod) {
    return api.client().post("/client/register", withPod(request(token, "web-0"), pod));
  }

  static PodDto claimOf(Pod pod) {
    return new PodDto(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), pod.getMetadata().getUid());
  }

  void assertRefusedWithNothingCreated(ApiClient.Response response, String error) {
    assertThat(response.status()).as(response.body()).isEqualTo(403);
    assertThat(response.error()).isEqualTo(error);
    assertThat(given.nodes()).isEmpty();
    assertThat(api.k8s().client().resources(io.cvlan.api.v1alpha1.IPAllocation.class).inNamespace(api.k8s().namespace())
        .list().getItems()).isEmpty();
  }

  @Test
  void nodeOfAVerifiedPodIsOwnedByThatPodFromItsCreation() {
    Pod pod = runningPod(api.k8s().namespace(), "web-0");

    ApiClient.Response response = registerAs(claimOf(pod));

    assertThat(response.status()).as(response.body()).isEqualTo(201);
    OverlayNode node = api.k8s().get(OverlayNode.class, response.json().get("node_id").asText());
    assertThat(node.getSpec().getPodRef().getUid()).isEqualTo(pod.getMetadata().getUid());
    assertThat(node.getMetadata().getOwnerReferences()).filteredOn(o -> "Pod".equals(o.getKind())).singleElement()
        .satisfies(o -> {
          assertThat(o.getApiVersion()).isEqualTo("v1");
          assertThat(o.getName()).isEqualTo("web-0");
          assertThat(o.getUid()).isEqualTo(pod.getMetadata().getUid());
          assertThat(o.getController()).isFalse();
          assertThat(o.getBlockOwnerDeletion()).isFalse();
        });
  }

  @Test
  void podThatDoesNotExistIsRefused() {
    assertRefusedWithNothingCreated(registerAs(new PodDto(api.k8s().namespace(), "ghost", UUID.randomUUID().toString())),
        "pod_not_found");
  }

  @Test
  void madeUpUidOfAnExistingPodIsRefused() {
    runningPod(api.k8s().namespace(), "web-0");

    assertRefusedWithNothingCreated(registerAs(new PodDto(api.k8s().namespace(), "web-0", UUID.randomUUID().toString())),
        "pod_uid_mismatch");
  }

  @Test
  void podOfAnotherNamespaceThanTheTokensIsRefused() {
    assertRefusedWithNothingCreated(registerAs(new PodDto("elsewhere", "web-0", UUID.randomUUID().toString())),
        "pod_namespace_mismatch");
  }
}
