package io.cvlan.operator;

import io.cvlan.token.TokenCodec;
import io.cvlan.model.Conditions;
import static io.cvlan.model.TokenConditions.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.RegistrationToken;
import io.cvlan.token.store.SigningKeyStore;
import io.cvlan.operator.token.TokenSecrets;
import io.cvlan.model.TokenUsage;
import io.cvlan.testing.OperatorFixture;
import io.cvlan.token.TokenClaims;
import io.cvlan.token.TokenKind;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RegistrationTokenReconcilerTest {
  @RegisterExtension
  static final OperatorFixture k8s = new OperatorFixture();

  static Condition condition(RegistrationToken token, String type) {
    return token.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
  }

  static boolean has(RegistrationToken token, String type, String status) {
    return token.getStatus() != null && token.getStatus().getConditions().stream()
        .anyMatch(c -> type.equals(c.getType()) && status.equals(c.getStatus()));
  }

  static String data(Secret secret, String key) {
    return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }

  RegistrationToken readyToken(String name) {
    return readyToken(name, spec -> {});
  }

  /** A Ready token of CVLAN blue (created here), with whatever else the test sets on its spec. */
  RegistrationToken readyToken(String name, java.util.function.Consumer<io.cvlan.api.v1alpha1.RegistrationTokenSpec> more) {
    k8s.createCvlan("blue", "10.100.0.0/16");
    k8s.createToken(name, spec -> {
      spec.setCvlan("blue");
      more.accept(spec);
    });
    return k8s.awaitUntil(RegistrationToken.class, name, t -> has(t, READY, "True"));
  }

  TokenClaims verify(String token) throws Exception {
    return k8s.verifyToken(token);
  }

  @Test
  void tokenForMissingCvlanWaitsWithAReason() {
    k8s.createToken("t1", "nowhere");

    RegistrationToken token = k8s.awaitUntil(RegistrationToken.class, "t1", t -> has(t, READY, "False"));

    assertThat(condition(token, READY).getReason()).isEqualTo(REASON_CVLAN_NOT_FOUND);
    assertThat(condition(token, READY).getMessage()).contains("CVLAN nowhere does not exist");
    assertThat(k8s.get(Secret.class, "t1-token")).isNull();
  }

  @Test
  void tokenBecomesReadyOnceItsCvlanAppears() {
    k8s.createToken("t1", "blue");
    k8s.awaitUntil(RegistrationToken.class, "t1", t -> has(t, READY, "False"));

    k8s.createCvlan("blue", "10.100.0.0/16");

    k8s.awaitUntil(RegistrationToken.class, "t1", t -> has(t, READY, "True"));
  }

  @Test
  void tokenForInvalidCvlanSaysTheCvlanIsNotReady() {
    k8s.createCvlan("blue", "10.100.0.5/16");
    k8s.createToken("t1", "blue");

    // Until the CVLAN is reconciled the token says "not reconciled yet", with the same reason.
    RegistrationToken token = k8s.awaitUntil(RegistrationToken.class, "t1",
        t -> REASON_CVLAN_NOT_READY.equals(Conditions.reason(t.getStatus(), READY)) && condition(t, READY).getMessage().contains("InvalidSpec"));

    assertThat(condition(token, READY).getMessage()).contains("CVLAN blue is not Ready (InvalidSpec)");
  }

  @Test
  void secretCarriesAVerifiableTokenTheServerAndTheCa() throws Exception {
    RegistrationToken token = readyToken("t1");

    Secret secret = k8s.get(Secret.class, "t1-token");
    assertThat(secret.getType()).isEqualTo(TokenSecrets.SECRET_TYPE);
    assertThat(data(secret, "server")).isEqualTo(OperatorFixture.SERVER_URL);
    assertThat(data(secret, "ca.crt")).isEqualTo(OperatorFixture.CA_PEM);
    TokenClaims claims = verify(data(secret, "token"));
    assertThat(claims.tenantId()).isEqualTo(k8s.namespace());
    assertThat(claims.cvlanId()).isEqualTo(k8s.get(CVLAN.class, "blue").getMetadata().getUid());
    assertThat(claims.tokenId()).isEqualTo(token.getMetadata().getUid());
    assertThat(claims.kind()).isEqualTo(TokenKind.CLIENT);
    assertThat(claims.expiresAt()).isEqualTo(Instant.parse(token.getStatus().getExpiresAt()));
    assertThat(secret.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(token.getMetadata().getUid()));
  }

  @Test
  void statusReportsTokenIdSecretExpiryAndUses() {
    RegistrationToken token = readyToken("t1");

    assertThat(token.getStatus().getTokenId()).isEqualTo(token.getMetadata().getUid());
    assertThat(token.getStatus().getSecretName()).isEqualTo("t1-token");
    assertThat(token.getStatus().getUses()).isZero();
    assertThat(Instant.parse(token.getStatus().getExpiresAt()))
        .isEqualTo(Instant.parse(token.getMetadata().getCreationTimestamp()).plus(Duration.ofHours(24)));
    assertThat(condition(token, EXPIRED).getStatus()).isEqualTo("False");
    assertThat(condition(token, EXHAUSTED).getStatus()).isEqualTo("False");
  }

  @Test
  void ttlAndExpiresAtSetTheExpiry() {
    k8s.createCvlan("blue", "10.100.0.0/16");
    k8s.createToken("ttl", spec -> {
      spec.setCvlan("blue");
      spec.setTtl("90m");
    });
    k8s.createToken("abs", spec -> {
      spec.setCvlan("blue");
      spec.setExpiresAt("2099-01-31T12:00:00Z");
    });

    RegistrationToken ttl = k8s.awaitUntil(RegistrationToken.class, "ttl", t -> has(t, READY, "True"));
    RegistrationToken abs = k8s.awaitUntil(RegistrationToken.class, "abs", t -> has(t, READY, "True"));

    assertThat(Instant.parse(ttl.getStatus().getExpiresAt()))
        .isEqualTo(Instant.parse(ttl.getMetadata().getCreationTimestamp()).plus(Duration.ofMinutes(90)));
    assertThat(abs.getStatus().getExpiresAt()).isEqualTo("2099-01-31T12:00:00Z");
  }

  @Test
  void malformedTtlIsReportedWithoutSigning() {
    k8s.createCvlan("blue", "10.100.0.0/16");
    k8s.createToken("t1", spec -> {
      spec.setCvlan("blue");
      spec.setTtl("soon");
    });

    RegistrationToken token = k8s.awaitUntil(RegistrationToken.class, "t1", t -> has(t, READY, "False"));

    assertThat(condition(token, READY).getReason()).isEqualTo(REASON_INVALID_SPEC);
    assertThat(condition(token, READY).getMessage()).contains("ttl \"soon\" is not a duration");
    assertThat(k8s.get(Secret.class, "t1-token")).isNull();
  }

  @Test
  void reReconcilingAfterAnOperatorRestartNeverReSignsAValidToken() {
    readyToken("t1");
    Secret before = k8s.get(Secret.class, "t1-token");

    k8s.restartOperator();
    k8s.editSpecAndAwaitObserved(RegistrationToken.class, "t1", t -> {
      t.getSpec().setTaints(java.util.List.of("edited"));
      return t;
    }, t -> t.getStatus().getObservedGeneration());

    Secret after = k8s.get(Secret.class, "t1-token");
    assertThat(data(after, "token")).isEqualTo(data(before, "token"));
    assertThat(after.getMetadata().getResourceVersion()).isEqualTo(before.getMetadata().getResourceVersion());
  }

  @Test
  void tamperedSecretIsRestoredWithAValidToken() throws Exception {
    readyToken("t1");
    k8s.client().secrets().inNamespace(k8s.namespace()).withName("t1-token").edit(s -> {
      s.getData().put("token", Base64.getEncoder().encodeToString("garbage".getBytes(StandardCharsets.US_ASCII)));
      return s;
    });

    Secret restored = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
        .until(() -> k8s.get(Secret.class, "t1-token"), s -> !data(s, "token").equals("garbage"));

    assertThat(verify(data(restored, "token")).tokenId()).isEqualTo(k8s.get(RegistrationToken.class, "t1").getMetadata().getUid());
  }

  @Test
  void tokenIsMarkedExpiredAtItsExpiryWithoutAnyEvent() {
    k8s.createCvlan("blue", "10.100.0.0/16");
    k8s.createToken("t1", spec -> {
      spec.setCvlan("blue");
      spec.setTtl("3s");
    });

    RegistrationToken token = k8s.awaitUntil(RegistrationToken.class, "t1", t -> has(t, EXPIRED, "True"));

    assertThat(condition(token, READY).getReason()).isEqualTo(REASON_EXPIRED);
  }

  @Test
  void tokenSeenPastItsExpiryIsMarkedExpired() {
    readyToken("t1");

    k8s.clock().advance(Duration.ofHours(25));
    k8s.requeueReferrersOf("blue");

    RegistrationToken token = k8s.awaitUntil(RegistrationToken.class, "t1", t -> has(t, EXPIRED, "True"));
    assertThat(condition(token, READY).getStatus()).isEqualTo("False");
    assertThat(condition(token, READY).getReason()).isEqualTo(REASON_EXPIRED);
  }

  @Test
  void tokenWithAllUsesSpentIsExhaustedAsSoonAsTheUseIsCounted() {
    readyToken("t1", spec -> spec.setMaxUses(1));

    recordUse("t1", 1, "2026-11-23T10:00:00Z");

    RegistrationToken token = k8s.awaitUntil(RegistrationToken.class, "t1", t -> has(t, EXHAUSTED, "True"));
    assertThat(condition(token, READY).getReason()).isEqualTo(REASON_EXHAUSTED);
    assertThat(token.getStatus().getUses()).isEqualTo(1);
    assertThat(token.getStatus().getLastUsedAt()).isEqualTo("2026-11-23T10:00:00Z");
  }

  @Test
  void unreadableUseCountFailsClosed() {
    readyToken("t1", spec -> spec.setMaxUses(5));

    k8s.client().resources(RegistrationToken.class).inNamespace(k8s.namespace()).withName("t1")
        .edit(t -> {
          t.getMetadata().getAnnotations().put(TokenUsage.USES, "lots");
          return t;
        });

    k8s.awaitUntil(RegistrationToken.class, "t1", t -> has(t, EXHAUSTED, "True"));
  }

  /** What the registration API does on each use: a resourceVersion-guarded update of the annotations. */
  void recordUse(String token, int uses, String at) {
    k8s.client().resources(RegistrationToken.class).inNamespace(k8s.namespace()).withName(token)
        .edit(t -> {
          t.getMetadata().getAnnotations().put(TokenUsage.USES, String.valueOf(uses));
          t.getMetadata().getAnnotations().put(TokenUsage.LAST_USED_AT, at);
          return t;
        });
  }

  @Test
  void deletingTheTokenDeletesItsSecret() {
    readyToken("t1");

    k8s.client().resources(RegistrationToken.class).inNamespace(k8s.namespace()).withName("t1").delete();

    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
        .until(() -> k8s.get(Secret.class, "t1-token") == null && k8s.get(RegistrationToken.class, "t1") == null);
  }

  @Test
  void signingKeysAreCreatedOnFirstNeedInTheTenantNamespace() throws Exception {
    assertThat(k8s.get(Secret.class, SigningKeyStore.SECRET_NAME)).isNull();

    RegistrationToken token = readyToken("t1");

    Secret keys = k8s.get(Secret.class, SigningKeyStore.SECRET_NAME);
    assertThat(keys.getType()).isEqualTo(SigningKeyStore.SECRET_TYPE);
    String issued = TokenSecrets.tokenOf(k8s.awaitUntil(Secret.class, "t1-token", s -> TokenSecrets.tokenOf(s).isPresent()))
        .orElseThrow();
    verify(issued);
    assertThat(token.getStatus().getSigningKeyId()).as("the kid of the key that signed the issued token")
        .isEqualTo(new TokenCodec().parse(issued).kid());
  }

  @Test
  void secretNameCanBeChosen() throws Exception {
    RegistrationToken token = readyToken("t1", spec -> spec.setSecretName("my-agent-token"));

    Secret chosen = k8s.awaitUntil(Secret.class, "my-agent-token", s -> TokenSecrets.tokenOf(s).isPresent());
    assertThat(chosen.getType()).isEqualTo(TokenSecrets.SECRET_TYPE);
    assertThat(verify(TokenSecrets.tokenOf(chosen).orElseThrow()).tokenId()).isEqualTo(token.getMetadata().getUid());
    assertThat(k8s.get(Secret.class, "t1-token")).as("the default name").isNull();
  }

  @Test
  void readyCvlanIsListedBeforeTokensAreSigned() {
    readyToken("t1");
    assertThat(CvlanReconcilerTest.hasCondition(k8s.get(CVLAN.class, "blue"), "Ready", "True")).isTrue();
  }
}
