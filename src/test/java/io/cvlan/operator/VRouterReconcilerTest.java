package io.cvlan.operator;

import io.cvlan.api.v1alpha1.CVLAN;

import static io.cvlan.model.NodeConditions.*;
import static io.cvlan.testing.Statuses.condition;
import static io.cvlan.testing.Statuses.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.IPAllocation;
import io.cvlan.model.AgentConnection;
import io.cvlan.api.v1alpha1.VRouter;
import io.cvlan.api.v1alpha1.VRouterAddress;
import io.cvlan.operator.token.TokenSecrets;
import io.cvlan.operator.vrouter.VRouterReconciler;
import io.cvlan.testing.OperatorFixture;
import io.cvlan.testing.TestPki;
import io.cvlan.token.TokenClaims;
import io.cvlan.token.TokenKind;
import io.cvlan.model.TokenConditions;
import io.cvlan.token.store.SigningKeyStore;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class VRouterReconcilerTest {
  @RegisterExtension
  static final OperatorFixture k8s = new OperatorFixture();

  @BeforeEach
  void twoCvlans() {
    k8s.createCvlan("blue", "10.80.0.0/24");
    k8s.createCvlan("green", "10.81.0.0/24");
  }

  private VRouter readyVRouter(String name, List<String> cvlans) {
    k8s.createVRouter(name, spec -> {
      spec.setCvlans(cvlans);
      spec.setRoutes(List.of("192.168.10.0/24"));
    });
    return k8s.awaitUntil(VRouter.class, name, v -> hasCondition(v, READY, "True"));
  }

  @Test
  void joinTokenSecretHoldsAVRouterTokenForThisVRouter() throws Exception {
    VRouter vrouter = readyVRouter("edge", List.of("blue"));

    Secret secret = k8s.get(Secret.class, vrouter.getStatus().getJoinTokenSecret());
    TokenClaims claims = k8s.verifyToken(TestPki.data(secret, TokenSecrets.TOKEN));

    assertThat(secret.getType()).isEqualTo(TokenSecrets.SECRET_TYPE);
    assertThat(vrouter.getStatus().getJoinTokenSecret()).isEqualTo(VRouterReconciler.joinSecretName(vrouter));
    assertThat(claims.kind()).isEqualTo(TokenKind.VROUTER);
    assertThat(claims.tokenId()).isEqualTo(vrouter.getMetadata().getUid());
    assertThat(claims.tenantId()).isEqualTo(k8s.namespace());
    assertThat(TestPki.data(secret, TokenSecrets.SERVER)).isEqualTo(OperatorFixture.SERVER_URL);
  }

  /** The same shape as a RegistrationToken's Secret: controlled by its owner. */
  @Test
  void joinTokenSecretIsControlledByItsVRouter() {
    VRouter vrouter = readyVRouter("edge", List.of("blue"));

    Secret secret = k8s.get(Secret.class, vrouter.getStatus().getJoinTokenSecret());

    assertThat(secret.getMetadata().getOwnerReferences()).containsExactly(new OwnerReferenceBuilder()
        .withApiVersion("cvlan.io/v1alpha1").withKind("VRouter").withName("edge").withUid(vrouter.getMetadata().getUid())
        .withController(true).withBlockOwnerDeletion(true).build());
  }

  /** Its join token is dead once the tenant's keys are gone: it is signed again with new ones, and said so. */
  @Test
  void joinTokenWhoseKeyIsLostIsSignedAgain() throws Exception {
    VRouter vrouter = readyVRouter("edge", List.of("blue"));
    String joinSecret = vrouter.getStatus().getJoinTokenSecret();
    String before = TestPki.data(k8s.get(Secret.class, joinSecret), TokenSecrets.TOKEN);

    k8s.client().secrets().inNamespace(k8s.namespace()).withName(SigningKeyStore.SECRET_NAME).delete();

    Secret again = k8s.awaitUntil(Secret.class, joinSecret, s -> !TestPki.data(s, TokenSecrets.TOKEN).equals(before));
    assertThat(k8s.verifyToken(TestPki.data(again, TokenSecrets.TOKEN)).tokenId()).isEqualTo(vrouter.getMetadata().getUid());
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> k8s.client().v1().events().inNamespace(k8s.namespace()).list()
        .getItems().stream().anyMatch(e -> "edge".equals(e.getInvolvedObject().getName())
            && TokenConditions.REASON_SIGNING_KEY_LOST.equals(e.getReason()) && "Warning".equals(e.getType())));
  }

  @Test
  void vrouterGetsAnAddressInEachCvlanItServes() {
    VRouter vrouter = readyVRouter("edge", List.of("blue", "green"));

    assertThat(vrouter.getStatus().getAddresses()).extracting(VRouterAddress::getCvlan, VRouterAddress::getIpv4)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("blue", "10.80.0.2"), org.assertj.core.groups.Tuple.tuple("green", "10.81.0.2"));
    assertThat(vrouter.getStatus().getIpv4()).isEqualTo("10.80.0.2");
  }

  @Test
  void vrouterCertificateLastsEightHours() {
    VRouter vrouter = readyVRouter("edge", List.of("blue"));

    X509Certificate certificate = TestPki.certificate(TestPki.data(k8s.get(Secret.class, vrouter.getStatus().getCertificateSecret()), "tls.crt"));

    assertThat(TestPki.commonName(certificate)).isEqualTo("vrouter-edge");
    assertThat(TestPki.uriSans(certificate)).containsExactly("vrouter:edge");
    assertThat(Duration.between(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant()))
        .isBetween(Duration.ofHours(8), Duration.ofHours(8).plusMinutes(10));
    assertThat(condition(vrouter, CERTIFICATE).getReason()).isEqualTo(REASON_ISSUED);
  }

  @Test
  void vrouterWithoutAgentIsNotConnected() {
    VRouter vrouter = readyVRouter("edge", List.of("blue"));

    assertThat(condition(vrouter, AgentConnection.TYPE).getStatus()).isEqualTo("False");
    assertThat(condition(vrouter, AgentConnection.TYPE).getReason()).isEqualTo(AgentConnection.REASON_NEVER_CONNECTED);
  }

  @Test
  void agentIsConnectedWhileItPollsAndSilentAfterThreeMissedPolls() {
    readyVRouter("edge", List.of("blue"));
    String now = k8s.clock().instant().toString();
    k8s.client().resources(VRouter.class).inNamespace(k8s.namespace()).withName("edge").editStatus(v -> {
      v.getStatus().setLastSeen(now);
      return v;
    });
    touch("edge");
    k8s.awaitUntil(VRouter.class, "edge", v -> hasCondition(v, AgentConnection.TYPE, "True"));

    k8s.clock().advance(AgentConnection.WINDOW.plusSeconds(1));
    touch("edge");

    VRouter silent = k8s.awaitUntil(VRouter.class, "edge", v -> hasCondition(v, AgentConnection.TYPE, "False"));
    assertThat(condition(silent, AgentConnection.TYPE).getReason()).isEqualTo(AgentConnection.REASON_SILENT);
  }

  /** A spec change, so that the operator reconciles now (status writes start no reconcile). */
  private static void touch(String vrouter) {
    k8s.client().resources(VRouter.class).inNamespace(k8s.namespace()).withName(vrouter).edit(v -> {
      v.getSpec().setRegion(v.getSpec().getRegion() + "-x");
      return v;
    });
  }

  @Test
  void reconcilingAgainKeepsTheJoinToken() {
    VRouter vrouter = readyVRouter("edge", List.of("blue"));
    String before = TestPki.data(k8s.get(Secret.class, vrouter.getStatus().getJoinTokenSecret()), TokenSecrets.TOKEN);

    k8s.editSpecAndAwaitObserved(VRouter.class, "edge", v -> {
      v.getSpec().setRegion("eu-central");
      return v;
    }, v -> v.getStatus().getObservedGeneration());

    assertThat(TestPki.data(k8s.get(Secret.class, vrouter.getStatus().getJoinTokenSecret()), TokenSecrets.TOKEN)).isEqualTo(before);
  }

  @Test
  void vrouterWaitsForAMissingCvlan() {
    k8s.createVRouter("edge", spec -> spec.setCvlans(List.of("blue", "red")));

    VRouter vrouter = k8s.awaitUntil(VRouter.class, "edge", v -> hasCondition(v, READY, "False", REASON_CVLAN_NOT_FOUND));

    assertThat(condition(vrouter, READY).getMessage()).contains("red");
  }

  @Test
  void deletedVRouterReleasesAddressesAndSecrets() {
    VRouter vrouter = readyVRouter("edge", List.of("blue", "green"));

    k8s.client().resource(vrouter).delete();

    Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(k8s.client().resources(IPAllocation.class).inNamespace(k8s.namespace()).list().getItems()).isEmpty();
      assertThat(k8s.get(Secret.class, "edge-join")).isNull();
      assertThat(k8s.get(Secret.class, "edge-tls")).isNull();
    });
  }

  @Test
  void deletedCvlanTakesItsAddressOutOfTheVRoutersStatus() {
    readyVRouter("edge", List.of("blue", "green"));

    k8s.client().resources(CVLAN.class).inNamespace(k8s.namespace()).withName("green").delete();

    VRouter vrouter = k8s.awaitUntil(VRouter.class, "edge", v -> v.getStatus().getAddresses().size() == 1);
    assertThat(vrouter.getStatus().getAddresses()).extracting(VRouterAddress::getCvlan).containsExactly("blue");
    assertThat(vrouter.getStatus().getIpv4()).isEqualTo("10.80.0.2");
    assertThat(condition(vrouter, ADDRESSES).getStatus()).isEqualTo("False");
    assertThat(condition(vrouter, READY).getReason()).isEqualTo(REASON_CVLAN_NOT_FOUND);
  }

  @Test
  void deletedFirstCvlanTakesTheVRoutersIpv4AndCertificateWithIt() {
    readyVRouter("edge", List.of("blue", "green"));

    k8s.client().resources(CVLAN.class).inNamespace(k8s.namespace()).withName("blue").delete();

    VRouter vrouter = k8s.awaitUntil(VRouter.class, "edge", v -> v.getStatus().getIpv4() == null);
    assertThat(vrouter.getStatus().getCertificateSecret()).isNull();
    assertThat(vrouter.getStatus().getCertificateNotAfter()).isNull();
    assertThat(condition(vrouter, CERTIFICATE).getStatus()).isEqualTo("False");
    assertThat(k8s.get(Secret.class, "edge-tls")).isNull();
  }
}
