package io.cvlan.operator.token;

import static io.cvlan.model.TokenConditions.EXHAUSTED;
import static io.cvlan.model.TokenConditions.READY;
import static io.cvlan.model.TokenConditions.REASON_SIGNING_KEY_LOST;
import static io.cvlan.testing.Statuses.condition;
import static io.cvlan.testing.Statuses.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cvlan.api.v1alpha1.RegistrationToken;
import io.cvlan.model.TokenUsage;
import io.cvlan.testing.OperatorFixture;
import io.cvlan.token.InvalidTokenException;
import io.cvlan.token.TokenClaims;
import io.cvlan.token.TokenError;
import io.cvlan.token.store.SigningKeyStore;
import io.fabric8.kubernetes.api.model.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The tenant's signing keys deleted: every token they signed is dead (the registration API answers 401
 * unknown_kid). A token Secret must not go on saying Ready with one of those, so the operator signs each
 * token again with a new key — same token id (the resource's uid, which uses are counted on), same expiry —
 * and says so in a Warning Event.
 */
class LostSigningKeyTest {
  @RegisterExtension
  static final OperatorFixture k8s = new OperatorFixture();

  final TokenSteps steps = new TokenSteps(k8s);

  void loseTheSigningKeys() {
    k8s.client().secrets().inNamespace(k8s.namespace()).withName(SigningKeyStore.SECRET_NAME).delete();
  }

  /** The token the Secret holds once it is no longer {@code old}. */
  String replacementOf(String secret, String old) {
    Secret replaced = k8s.awaitUntil(Secret.class, secret, s -> TokenSecrets.tokenOf(s).filter(t -> !t.equals(old)).isPresent());
    return TokenSecrets.tokenOf(replaced).orElseThrow();
  }

  @Test
  void aTokenWhoseKeyIsLostIsSignedAgainWithANewKey() throws Exception {
    steps.readyToken("t1", spec -> {});
    String old = steps.tokenIn("t1-token");

    loseTheSigningKeys();

    String again = replacementOf("t1-token", old);
    assertThat(TokenSteps.kidOf(again)).isNotEqualTo(TokenSteps.kidOf(old));
    assertThat(k8s.verifyToken(again)).as("verifies with the tenant's keys as they are now").isNotNull();
    RegistrationToken token = k8s.awaitUntil(RegistrationToken.class, "t1",
        t -> TokenSteps.kidOf(again).equals(t.getStatus().getSigningKeyId()));
    assertThat(condition(token, READY).getStatus()).isEqualTo("True");
  }

  @Test
  void theTokenSignedAgainKeepsItsIdAndExpiry() {
    steps.readyToken("t1", spec -> spec.setTtl("720h"));
    String old = steps.tokenIn("t1-token");

    loseTheSigningKeys();

    TokenClaims before = TokenSteps.claimsOf(old);
    TokenClaims after = TokenSteps.claimsOf(replacementOf("t1-token", old));
    assertThat(after).isEqualTo(before);
  }

  @Test
  void copiesOfTheTokenSignedByTheLostKeyNoLongerVerify() {
    steps.readyToken("t1", spec -> {});
    String old = steps.tokenIn("t1-token");

    loseTheSigningKeys();
    replacementOf("t1-token", old);

    assertThatThrownBy(() -> k8s.verifyToken(old))
        .isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.error()).isEqualTo(TokenError.UNKNOWN_KID));
  }

  @Test
  void theLostKeyIsToldInAWarningEvent() {
    steps.readyToken("t1", spec -> {});
    String old = steps.tokenIn("t1-token");

    loseTheSigningKeys();

    assertThat(steps.awaitEvents("RegistrationToken", "t1", REASON_SIGNING_KEY_LOST)).singleElement().satisfies(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getMessage()).contains("kid " + TokenSteps.kidOf(old)).contains("t1-token").doesNotContain(old);
    });
  }

  /** Same token id, so the uses counted on the resource still count: a one-time token already used stays spent. */
  @Test
  void aSpentOneTimeTokenStaysSpentWhenSignedAgain() {
    steps.readyToken("t1", spec -> spec.setMaxUses(1));
    String old = steps.tokenIn("t1-token");
    k8s.client().resources(RegistrationToken.class).inNamespace(k8s.namespace()).withName("t1").edit(t -> {
      t.getMetadata().getAnnotations().put(TokenUsage.USES, "1");
      return t;
    });
    k8s.awaitUntil(RegistrationToken.class, "t1", t -> hasCondition(t, EXHAUSTED, "True"));

    loseTheSigningKeys();
    replacementOf("t1-token", old);

    RegistrationToken token = k8s.get(RegistrationToken.class, "t1");
    assertThat(token.getStatus().getUses()).isEqualTo(1);
    assertThat(condition(token, EXHAUSTED).getStatus()).isEqualTo("True");
  }
}
