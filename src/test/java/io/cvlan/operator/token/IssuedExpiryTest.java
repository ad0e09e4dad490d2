package io.cvlan.operator.token;

import static io.cvlan.model.TokenConditions.EXPIRED;
import static io.cvlan.model.TokenConditions.READY;
import static io.cvlan.model.TokenConditions.REASON_EXPIRY_CHANGE_REFUSED;
import static io.cvlan.model.TokenConditions.REASON_EXPIRY_SHORTENED;
import static io.cvlan.model.TokenConditions.REASON_ISSUED;
import static io.cvlan.model.TokenConditions.REASON_SPEC_APPLIED;
import static io.cvlan.model.TokenConditions.SPEC_REFUSED;
import static io.cvlan.testing.Statuses.condition;
import static io.cvlan.testing.Statuses.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.RegistrationToken;
import io.cvlan.testing.OperatorFixture;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Duration;
import java.time.Instant;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An issued token's expiry never moves later, whatever the spec says after (DESIGN §3): a real API server
 * accepted `ttl: 87600h` added to a token created without one, and the operator must not answer with a
 * ten-year token under the same id. The spec may move it earlier.
 */
class IssuedExpiryTest {
  @RegisterExtension
  static final OperatorFixture k8s = new OperatorFixture();

  final TokenSteps steps = new TokenSteps(k8s);

  static Instant created(RegistrationToken token) {
    return Instant.parse(token.getMetadata().getCreationTimestamp());
  }

  @Test
  void aTtlAddedAfterIssueLeavesTheTokenAsIssued() {
    RegistrationToken token = steps.readyToken("t1", spec -> {});
    Secret before = k8s.get(Secret.class, "t1-token");

    RegistrationToken edited = steps.editSpec("t1", spec -> spec.setTtl("87600h"));

    Secret after = k8s.get(Secret.class, "t1-token");
    assertThat(TokenSecrets.tokenOf(after)).isEqualTo(TokenSecrets.tokenOf(before));
    assertThat(after.getMetadata().getResourceVersion()).isEqualTo(before.getMetadata().getResourceVersion());
    Instant dayAfterCreation = created(token).plus(Duration.ofHours(24));
    assertThat(TokenSteps.claimsOf(TokenSecrets.tokenOf(after).orElseThrow()).expiresAt()).isEqualTo(dayAfterCreation);
    assertThat(edited.getStatus().getExpiresAt()).isEqualTo(dayAfterCreation.toString());
  }

  @Test
  void aRefusedExtensionIsACondition() {
    RegistrationToken token = steps.readyToken("t1", spec -> {});

    RegistrationToken edited = steps.editSpec("t1", spec -> spec.setTtl("87600h"));

    assertThat(condition(edited, SPEC_REFUSED).getStatus()).isEqualTo("True");
    assertThat(condition(edited, SPEC_REFUSED).getReason()).isEqualTo(REASON_EXPIRY_CHANGE_REFUSED);
    assertThat(condition(edited, SPEC_REFUSED).getMessage())
        .contains("expiry " + created(token).plus(Duration.ofHours(87600)))
        .contains("issued to expire at " + created(token).plus(Duration.ofHours(24)))
        .contains("Create a new RegistrationToken");
    assertThat(condition(edited, READY).getStatus()).as("the token issued still works").isEqualTo("True");
    assertThat(condition(edited, READY).getReason()).isEqualTo(REASON_ISSUED);
  }

  @Test
  void aRefusedExtensionIsAWarningEvent() {
    steps.readyToken("t1", spec -> {});

    steps.editSpec("t1", spec -> spec.setTtl("87600h"));

    assertThat(steps.awaitEvents("RegistrationToken", "t1", REASON_EXPIRY_CHANGE_REFUSED)).singleElement()
        .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"));
  }

  @Test
  void settingTheSpecBackClearsTheRefusal() {
    steps.readyToken("t1", spec -> {});
    steps.editSpec("t1", spec -> spec.setTtl("87600h"));

    RegistrationToken back = steps.editSpec("t1", spec -> spec.setTtl(null));

    assertThat(condition(back, SPEC_REFUSED).getStatus()).isEqualTo("False");
    assertThat(condition(back, SPEC_REFUSED).getReason()).isEqualTo(REASON_SPEC_APPLIED);
  }

  /** Status remembers the issue where the Secret cannot: a deleted Secret is written again with the same expiry. */
  @Test
  void theExpiryIssuedOutlivesTheSecret() {
    RegistrationToken token = steps.readyToken("t1", spec -> {});
    steps.editSpec("t1", spec -> spec.setTtl("87600h"));

    k8s.client().secrets().inNamespace(k8s.namespace()).withName("t1-token").delete();

    Secret rewritten = Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
        .until(() -> k8s.get(Secret.class, "t1-token"), s -> s != null && s.getMetadata().getDeletionTimestamp() == null);
    assertThat(TokenSteps.claimsOf(TokenSecrets.tokenOf(rewritten).orElseThrow()).expiresAt())
        .isEqualTo(created(token).plus(Duration.ofHours(24)));
  }

  /** With the clock a day on, the token is Expired at its issued expiry, not ten years later. */
  @Test
  void aTokenWhoseExtensionWasRefusedExpiresAsIssued() {
    steps.readyToken("t1", spec -> {});
    steps.editSpec("t1", spec -> spec.setTtl("87600h"));

    k8s.clock().advance(Duration.ofHours(25));
    k8s.requeueReferrersOf("blue");

    RegistrationToken expired = k8s.awaitUntil(RegistrationToken.class, "t1", t -> hasCondition(t, EXPIRED, "True"));
    assertThat(condition(expired, READY).getStatus()).isEqualTo("False");
  }

  /** Removing a ttl of 30 days leaves the default day: the token is signed again, same id, shorter. */
  @Test
  void anEarlierExpiryIsSignedIntoTheTokenUnderTheSameId() {
    RegistrationToken token = steps.readyToken("t1", spec -> spec.setTtl("720h"));
    String before = steps.tokenIn("t1-token");

    RegistrationToken edited = steps.editSpec("t1", spec -> spec.setTtl(null));

    Secret resigned = k8s.awaitUntil(Secret.class, "t1-token", s -> TokenSecrets.tokenOf(s).filter(t -> !t.equals(before)).isPresent());
    String after = TokenSecrets.tokenOf(resigned).orElseThrow();
    Instant dayAfterCreation = created(token).plus(Duration.ofHours(24));
    assertThat(TokenSteps.claimsOf(after).expiresAt()).isEqualTo(dayAfterCreation);
    assertThat(TokenSteps.claimsOf(after).tokenId()).isEqualTo(token.getMetadata().getUid());
    assertThat(k8s.get(RegistrationToken.class, "t1").getStatus().getExpiresAt()).isEqualTo(dayAfterCreation.toString());
    assertThat(condition(edited, SPEC_REFUSED).getStatus()).isEqualTo("False");
  }

  @Test
  void anEarlierExpiryIsANormalEvent() {
    steps.readyToken("t1", spec -> spec.setTtl("720h"));

    steps.editSpec("t1", spec -> spec.setTtl(null));

    Event shortened = steps.awaitEvents("RegistrationToken", "t1", REASON_EXPIRY_SHORTENED).get(0);
    assertThat(shortened.getType()).isEqualTo("Normal");
  }
}
