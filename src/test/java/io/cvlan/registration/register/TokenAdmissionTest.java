package io.cvlan.registration.register;

import static io.cvlan.testing.TestResources.CREATED;
import static io.cvlan.testing.TestResources.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.RegistrationToken;
import io.cvlan.model.Conditions;
import io.cvlan.model.CvlanConditions;
import io.cvlan.registration.http.ApiException;
import io.cvlan.testing.TestResources;
import io.cvlan.token.KeyRing;
import io.cvlan.token.TokenClaims;
import io.cvlan.token.TokenCodec;
import io.cvlan.token.TokenKind;
import io.cvlan.token.TokenVerifier;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checks of DESIGN §3 in their order, on a real verifier and codec and a cache fed objects: token
 * "fleet" of CVLAN "blue", created 2026-11-23T10:00:00Z, living a day; the clock stands an hour later.
 */
class TokenAdmissionTest {
  static final Instant NOW = CREATED.plus(Duration.ofHours(1));
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final SecureRandom RANDOM = new SecureRandom();
  static final TokenCodec CODEC = new TokenCodec();
  static final KeyRing RING = KeyRing.initial(CLOCK, RANDOM);

  static final Refusal REVOKED = new Refusal(403, "revoked", "the registration token was revoked; ask for a new one", null);
  static final Refusal NOT_READY = new Refusal(503, "cvlan_not_ready", "CVLAN blue is not ready; retry later", Duration.ofSeconds(5));

  /** What a refusal tells the caller, all in one value. */
  record Refusal(int status, String code, String message, Duration retryAfter) {
    static Refusal of(ApiException e) {
      return new Refusal(e.status(), e.code(), e.getMessage(), e.retryAfter().orElse(null));
    }
  }

  final Map<String, RegistrationToken> tokens = new HashMap<>();
  final Map<String, CVLAN> cvlans = new HashMap<>();
  final RegistrationToken fleet = put(TestResources.token("fleet", "blue"));
  final CVLAN blue = put(TestResources.readyCvlan("blue", "10.100.0.0/16"));

  RegistrationToken put(RegistrationToken token) {
    tokens.put(token.getMetadata().getUid(), token);
    return token;
  }

  CVLAN put(CVLAN cvlan) {
    cvlans.put(cvlan.getMetadata().getUid(), cvlan);
    return cvlan;
  }

  TokenAdmission admissionAt(Clock clock) {
    TokenVerifier verifier = new TokenVerifier((tenant, kid) -> RING.publicKey(kid), clock);
    return new TokenAdmission(verifier, new TokenAdmission.Lookups(uid -> Optional.ofNullable(tokens.get(uid)),
        uid -> Optional.ofNullable(cvlans.get(uid)),
        (namespace, account) -> tokens.values().stream().filter(t -> t.getMetadata().getNamespace().equals(namespace))
            .filter(t -> t.getSpec().getServiceAccounts().contains(account)).toList(),
        (namespace, name) -> cvlans.values().stream().filter(c -> c.getMetadata().getNamespace().equals(namespace))
            .filter(c -> c.getMetadata().getName().equals(name)).findFirst()), clock);
  }

  /** The claims the operator signs for token "fleet": its uid, blue's uid, a day from creation. */
  TokenClaims claims(TokenKind kind) {
    return new TokenClaims(NAMESPACE, blue.getMetadata().getUid(), fleet.getMetadata().getUid(), kind, CREATED,
        CREATED.plus(Duration.ofDays(1)));
  }

  String signed(TokenClaims claims) {
    return CODEC.sign(claims, RING.active());
  }

  String fleetToken() {
    return signed(claims(TokenKind.CLIENT));
  }

  static Refusal refusal(ThrowingCallable call) {
    ApiException refused = catchThrowableOfType(ApiException.class, call);
    if (refused == null) {
      throw new AssertionError("admitted, but a refusal was expected");
    }
    return Refusal.of(refused);
  }

  Refusal admitting(String token) {
    return refusal(() -> admissionAt(CLOCK).admitClient(token));
  }

  @Test
  void aSignedTokenWithItsResourceAndAReadyCvlanIsAdmitted() {
    Admission admitted = admissionAt(CLOCK).admitClient(fleetToken());

    assertThat(admitted).isEqualTo(new Admission(fleet, blue));
  }

  @Test
  void aTokenThatIsNotAJwsIsUnauthorized() {
    assertThat(admitting("not-a-token"))
        .isEqualTo(new Refusal(401, "malformed", "token is not three non-empty segments separated by dots", null));
  }

  @Test
  void aTokenSignedByAKeyTheTenantDoesNotHaveIsUnauthorized() {
    String forged = CODEC.sign(claims(TokenKind.CLIENT), KeyRing.initial(CLOCK, RANDOM).active());

    assertThat(admitting(forged))
        .isEqualTo(new Refusal(401, "unknown_kid", "token is signed by a key that is unknown or was removed", null));
  }

  @Test
  void aTokenPastItsSignedExpiryIsUnauthorized() {
    Clock dayLater = Clock.offset(CLOCK, Duration.ofDays(1));

    assertThat(refusal(() -> admissionAt(dayLater).admitClient(fleetToken())))
        .isEqualTo(new Refusal(401, "expired", "token has expired", null));
  }

  @Test
  void aVRouterTokenCannotRegisterAClientNode() {
    assertThat(admitting(signed(claims(TokenKind.VROUTER))))
        .isEqualTo(new Refusal(403, "wrong_kind", "this is a VRouter token; it cannot register a client node", null));
  }

  @Test
  void aClientTokenCannotRegisterAVRouter() {
    assertThat(refusal(() -> admissionAt(CLOCK).verify(fleetToken(), TokenKind.VROUTER)))
        .isEqualTo(new Refusal(403, "wrong_kind", "this is a Client token; it cannot register a vrouter", null));
  }

  @Test
  void theKindIsCheckedBeforeTheTokensResourceIsLookedUp() {
    tokens.clear();
    cvlans.clear();

    assertThat(admitting(signed(claims(TokenKind.VROUTER))).code()).isEqualTo("wrong_kind");
  }

  static Stream<Arguments> revocations() {
    return Stream.of(
        revocation("its RegistrationToken is deleted", t -> t.tokens.clear()),
        revocation("its RegistrationToken is being deleted", t -> TestResources.deleting(t.fleet)),
        revocation("its RegistrationToken is of another namespace", t -> t.fleet.getMetadata().setNamespace("tenant-b")),
        revocation("its RegistrationToken now has an invalid lifetime", t -> t.fleet.getSpec().setTtl("soon")),
        revocation("its CVLAN is deleted", t -> t.cvlans.clear()),
        revocation("its CVLAN is being deleted", t -> TestResources.deleting(t.blue)),
        revocation("its CVLAN was deleted and created again", t -> {
          t.cvlans.clear();
          CVLAN again = TestResources.readyCvlan("blue", "10.100.0.0/16");
          again.getMetadata().setUid(TestResources.uidOf("CVLAN", "blue, second incarnation"));
          t.put(again);
        }),
        revocation("its CVLAN is of another namespace", t -> t.blue.getMetadata().setNamespace("tenant-b")),
        revocation("its RegistrationToken now names another CVLAN", t -> t.fleet.getSpec().setCvlan("red")));
  }

  static Arguments revocation(String what, Consumer<TokenAdmissionTest> change) {
    return Arguments.of(what, change);
  }

  @ParameterizedTest(name = "a token whose {0} is revoked")
  @MethodSource("revocations")
  void aTokenWhoseResourceOrCvlanIsGoneOrAnotherIsRevoked(String what, Consumer<TokenAdmissionTest> change) {
    String token = fleetToken();
    change.accept(this);

    assertThat(admitting(token)).isEqualTo(REVOKED);
  }

  @ParameterizedTest(name = "expiresAt {0} s from now: admitted {1}")
  @CsvSource({"-1, false", "0, false", "1, true"})
  void aTokenExpiresWhenItsResourceSaysEvenIfItsSignatureLastsLonger(long secondsFromNow, boolean admitted) {
    String token = fleetToken();
    fleet.getSpec().setExpiresAt(NOW.plusSeconds(secondsFromNow).toString());

    if (admitted) {
      assertThat(admissionAt(CLOCK).admitClient(token).token()).isSameAs(fleet);
    } else {
      assertThat(admitting(token)).isEqualTo(new Refusal(401, "expired", "the registration token has expired; ask for a new one", null));
    }
  }

  static Stream<Arguments> cvlansNotReady() {
    return Stream.of(
        Arguments.of("not reconciled yet", (Consumer<CVLAN>) c -> c.setStatus(null)),
        Arguments.of("Ready False", (Consumer<CVLAN>) c -> c.getStatus().getConditions().get(0).setStatus(Conditions.FALSE)),
        Arguments.of("Ready but its network no longer parses", (Consumer<CVLAN>) c -> c.getSpec().setCidr("10.100.0.1/16")));
  }

  @ParameterizedTest(name = "a CVLAN {0}")
  @MethodSource("cvlansNotReady")
  void aCvlanThatIsNotUsableAsksToRetryInFiveSeconds(String what, Consumer<CVLAN> change) {
    change.accept(blue);

    assertThat(admitting(fleetToken())).isEqualTo(NOT_READY);
  }

  @Test
  void anExhaustedCvlanAsksToRetryInThirtySeconds() {
    TestResources.withCondition(blue, CvlanConditions.EXHAUSTED, Conditions.TRUE, CvlanConditions.REASON_NO_FREE_ADDRESSES);

    assertThat(admitting(fleetToken())).isEqualTo(new Refusal(503, "cvlan_exhausted",
        "CVLAN blue has no free address; retry later or ask an admin to widen it", Duration.ofSeconds(30)));
  }

  @Test
  void anExhaustedCvlanThatIsAlsoNotReadyIsReportedNotReady() {
    blue.getStatus().getConditions().get(0).setStatus(Conditions.FALSE);
    TestResources.withCondition(blue, CvlanConditions.EXHAUSTED, Conditions.TRUE, CvlanConditions.REASON_NO_FREE_ADDRESSES);

    assertThat(admitting(fleetToken())).isEqualTo(NOT_READY);
  }

  @Test
  void aRevokedTokenOfACvlanThatIsNotReadyIsRefusedAsRevoked() {
    tokens.clear();
    blue.setStatus(null);

    assertThat(admitting(fleetToken())).isEqualTo(REVOKED);
  }

  @Test
  void anExpiredTokenOfACvlanThatIsNotReadyIsRefusedAsExpired() {
    fleet.getSpec().setExpiresAt(NOW.minusSeconds(1).toString());
    blue.setStatus(null);

    assertThat(admitting(fleetToken()).code()).isEqualTo("expired");
  }

  static final ReviewedPod WEB_0 = new ReviewedPod(NAMESPACE, "web", "web-0", "0b7c0f4e-1111-2222-3333-444455556666");

  Refusal admittingPod(ReviewedPod pod, Optional<String> tokenName) {
    return refusal(() -> admissionAt(CLOCK).admitServiceAccount(pod, tokenName));
  }

  @Test
  void aPodWhoseServiceAccountATokenNamesIsAdmittedByThatToken() {
    fleet.getSpec().setServiceAccounts(List.of("web"));

    assertThat(admissionAt(CLOCK).admitServiceAccount(WEB_0, Optional.empty())).isEqualTo(new Admission(fleet, blue));
  }

  @Test
  void aPodWhoseServiceAccountNoTokenNamesIsForbidden() {
    fleet.getSpec().setServiceAccounts(List.of("batch"));

    assertThat(admittingPod(WEB_0, Optional.empty())).isEqualTo(new Refusal(403, "service_account_not_admitted",
        "ServiceAccount " + NAMESPACE + "/web is named by no RegistrationToken of namespace " + NAMESPACE + " (spec.serviceAccounts)",
        null));
  }

  @Test
  void aServiceAccountNamedByTwoTokensMustSayWhich() {
    fleet.getSpec().setServiceAccounts(List.of("web"));
    RegistrationToken canary = put(TestResources.token("canary", "blue"));
    canary.getSpec().setServiceAccounts(List.of("web"));

    assertThat(admittingPod(WEB_0, Optional.empty()).code()).isEqualTo("ambiguous_registration_token");
    assertThat(admissionAt(CLOCK).admitServiceAccount(WEB_0, Optional.of("canary")).token()).isSameAs(canary);
  }

  @Test
  void anExpiredTokenAdmitsNoPod() {
    fleet.getSpec().setServiceAccounts(List.of("web"));

    assertThat(refusal(() -> admissionAt(Clock.fixed(CREATED.plus(Duration.ofDays(2)), ZoneOffset.UTC))
        .admitServiceAccount(WEB_0, Optional.empty())).code()).isEqualTo("expired");
  }

  @Test
  void aTokenOfAPodsServiceAccountInAnotherNamespaceAdmitsNothing() {
    fleet.getSpec().setServiceAccounts(List.of("web"));

    assertThat(admittingPod(new ReviewedPod("elsewhere", "web", "web-0", "uid"), Optional.empty()).code())
        .isEqualTo("service_account_not_admitted");
  }

  @Test
  void anOldCopyOfATokenShortenedSinceExpiresWhenTheShorterOneDoes() {
    String tenDayCopy = signed(new TokenClaims(NAMESPACE, blue.getMetadata().getUid(), fleet.getMetadata().getUid(), TokenKind.CLIENT,
        CREATED, CREATED.plus(Duration.ofDays(10))));
    var status = new io.cvlan.api.v1alpha1.RegistrationTokenStatus();
    status.setSigningKeyId(RING.active().kid());
    status.setExpiresAt(CREATED.plus(Duration.ofDays(1)).toString());
    fleet.setStatus(status);
    fleet.getSpec().setTtl("240h");

    assertThat(refusal(() -> admissionAt(Clock.fixed(CREATED.plus(Duration.ofDays(2)), ZoneOffset.UTC)).admitClient(tenDayCopy))
        .code()).isEqualTo("expired");
  }
}
