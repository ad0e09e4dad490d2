package io.cvlan.operator.token;

import static io.cvlan.model.TokenConditions.READY;
import static io.cvlan.model.TokenConditions.REASON_ISSUED;
import static io.cvlan.testing.Statuses.condition;
import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.Labels;
import io.cvlan.api.v1alpha1.RegistrationToken;
import io.cvlan.testing.OperatorFixture;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A RegistrationToken has one token Secret, the one it names now. Renaming it (spec.secretName added or
 * removed; a real API server lets both through) moves the token there and deletes the Secret it named
 * before: no valid token stays readable under a name the resource no longer gives, and no edit leaves two
 * Secrets owned by one token for the reconciler to choke on.
 */
class TokenSecretNameTest {
  @RegisterExtension
  static final OperatorFixture k8s = new OperatorFixture();

  final TokenSteps steps = new TokenSteps(k8s);

  List<String> secretsOf(String token) {
    return k8s.client().secrets().inNamespace(k8s.namespace()).withLabel(Labels.REGISTRATION_TOKEN, token).list().getItems().stream()
        .map(s -> s.getMetadata().getName()).sorted().toList();
  }

  void awaitSecretsOf(String token, String... names) {
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> secretsOf(token), List.of(names)::equals);
  }

  @Test
  void namingASecretMovesTheTokenThere() {
    steps.readyToken("t1", spec -> {});
    String issued = steps.tokenIn("t1-token");

    steps.editSpec("t1", spec -> spec.setSecretName("agent-token"));

    awaitSecretsOf("t1", "agent-token");
    assertThat(steps.tokenIn("agent-token")).as("the same credential, not another one").isEqualTo(issued);
    assertThat(k8s.get(RegistrationToken.class, "t1").getStatus().getSecretName()).isEqualTo("agent-token");
  }

  @Test
  void addingThenRemovingASecretNameLeavesOneSecretUnderTheDefaultName() {
    steps.readyToken("t1", spec -> {});
    steps.editSpec("t1", spec -> spec.setSecretName("agent-token"));
    awaitSecretsOf("t1", "agent-token");

    steps.editSpec("t1", spec -> spec.setSecretName(null));

    awaitSecretsOf("t1", "t1-token");
    assertThat(k8s.get(RegistrationToken.class, "t1").getStatus().getSecretName()).isEqualTo("t1-token");
  }

  /** The wedge this replaces: two owned Secrets made every later reconcile fail, retried forever. */
  @Test
  void aTokenRenamedTwiceStillReconcilesItsNextEdit() {
    steps.readyToken("t1", spec -> {});
    steps.editSpec("t1", spec -> spec.setSecretName("agent-token"));
    steps.editSpec("t1", spec -> spec.setSecretName(null));

    RegistrationToken edited = steps.editSpec("t1", spec -> spec.setTaints(List.of("edited")));

    assertThat(condition(edited, READY).getStatus()).isEqualTo("True");
    assertThat(condition(edited, READY).getReason()).isEqualTo(REASON_ISSUED);
    awaitSecretsOf("t1", "t1-token");
  }

  @Test
  void aSecretLeftOverFromAnEarlierNameIsDeletedOnTheNextReconcile() {
    steps.readyToken("t1", spec -> {});
    // As an operator before this fix left it: a second owned Secret under a name no longer given.
    Secret stale = k8s.get(Secret.class, "t1-token");
    stale.getMetadata().setName("t1-old-name");
    stale.getMetadata().setResourceVersion(null);
    stale.getMetadata().setUid(null);
    k8s.client().secrets().inNamespace(k8s.namespace()).resource(stale).create();

    steps.editSpec("t1", spec -> spec.setTaints(List.of("edited")));

    awaitSecretsOf("t1", "t1-token");
  }

  @Test
  void theTokenSecretIsControlledByItsRegistrationToken() {
    RegistrationToken token = steps.readyToken("t1", spec -> {});

    Secret secret = k8s.get(Secret.class, "t1-token");

    OwnerReference expected = new OwnerReferenceBuilder()
        .withApiVersion("cvlan.io/v1alpha1")
        .withKind("RegistrationToken")
        .withName("t1")
        .withUid(token.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
    assertThat(secret.getMetadata().getOwnerReferences()).containsExactly(expected);
  }

  /** A Secret written by an earlier operator, whose owner reference did not say controller, is brought up to date. */
  @Test
  void anOwnerReferenceWithoutControllerIsCorrected() {
    RegistrationToken token = steps.readyToken("t1", spec -> {});
    k8s.client().secrets().inNamespace(k8s.namespace()).withName("t1-token").edit(s -> {
      s.getMetadata().getOwnerReferences().forEach(o -> {
        o.setController(null);
        o.setBlockOwnerDeletion(null);
      });
      return s;
    });

    Secret corrected = k8s.awaitUntil(Secret.class, "t1-token",
        s -> Boolean.TRUE.equals(s.getMetadata().getOwnerReferences().get(0).getController()));

    assertThat(corrected.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
      assertThat(o.getUid()).isEqualTo(token.getMetadata().getUid());
      assertThat(o.getBlockOwnerDeletion()).isTrue();
    });
  }
}
