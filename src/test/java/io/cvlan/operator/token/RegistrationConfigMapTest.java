package io.cvlan.operator.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.RegistrationToken;
import io.cvlan.model.Conditions;
import io.cvlan.testing.OperatorFixture;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A token admitting ServiceAccounts publishes where to register, for pods to project beside their token. */
class RegistrationConfigMapTest {
  @RegisterExtension
  static final OperatorFixture k8s = new OperatorFixture();

  RegistrationToken readyToken(List<String> serviceAccounts) {
    k8s.createCvlan("blue", "10.100.0.0/16");
    k8s.createToken("pods", spec -> {
      spec.setCvlan("blue");
      spec.setServiceAccounts(serviceAccounts);
    });
    return k8s.awaitUntil(RegistrationToken.class, "pods", t -> Conditions.isTrue(t.getStatus(), "Ready"));
  }

  @Test
  void tokenNamingServiceAccountsPublishesTheServerTheCaAndItsName() {
    RegistrationToken token = readyToken(List.of("web"));

    ConfigMap published = k8s.awaitUntil(ConfigMap.class, "pods-registration", c -> true);

    assertThat(published.getData()).containsExactly(
        org.assertj.core.api.Assertions.entry("server", OperatorFixture.SERVER_URL),
        org.assertj.core.api.Assertions.entry("ca.crt", OperatorFixture.CA_PEM),
        org.assertj.core.api.Assertions.entry("registration-token", "pods"));
    assertThat(published.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
      assertThat(o.getKind()).isEqualTo("RegistrationToken");
      assertThat(o.getUid()).isEqualTo(token.getMetadata().getUid());
      assertThat(o.getController()).isTrue();
      assertThat(o.getBlockOwnerDeletion()).isTrue();
    });
  }

  @Test
  void tokenNamingNoServiceAccountPublishesNothing() {
    readyToken(List.of());

    assertThat(k8s.get(ConfigMap.class, "pods-registration")).isNull();
  }

  @Test
  void serviceAccountsRemovedTakeThePublicationAway() {
    readyToken(List.of("web"));
    k8s.awaitUntil(ConfigMap.class, "pods-registration", c -> true);

    k8s.client().resources(RegistrationToken.class).inNamespace(k8s.namespace()).withName("pods").edit(t -> {
      t.getSpec().setServiceAccounts(List.of());
      return t;
    });

    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> k8s.get(ConfigMap.class, "pods-registration") == null);
  }
}
