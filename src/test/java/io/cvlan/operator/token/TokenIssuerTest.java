package io.cvlan.operator.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.testing.OperatorFixture;
import io.cvlan.token.TokenClaims;
import io.cvlan.token.TokenCodec;
import io.cvlan.token.TokenKind;
import io.cvlan.token.store.SigningKeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TokenIssuerTest {
  @RegisterExtension
  static final OperatorFixture k8s = new OperatorFixture();

  final SigningKeyStore keys = new SigningKeyStore(k8s.client(), k8s.clock(), new SecureRandom(), Duration.ofDays(90));
  final TokenIssuer issuer = new TokenIssuer(keys, k8s.clock());

  private TokenClaims claims(String cvlanUid) {
    Instant now = k8s.clock().instant();
    return new TokenClaims(k8s.namespace(), cvlanUid, "token-uid", TokenKind.CLIENT, now, now.plus(Duration.ofHours(24)));
  }

  private SignedToken issue(Optional<String> issued, TokenClaims wanted) {
    return issuer.tokenFor(k8s.namespace(), issued, wanted::equals, () -> wanted);
  }

  @Test
  void freshTokenNamesTheKidOfTheKeyThatSignedIt() throws Exception {
    SignedToken token = issue(Optional.empty(), claims("blue-uid"));

    assertThat(token.fresh()).isTrue();
    assertThat(token.kid()).isEqualTo(keys.ring(k8s.namespace()).orElseThrow().active().kid());
    assertThat(token.kid()).isEqualTo(new TokenCodec().parse(token.text()).kid());
  }

  @Test
  void signingTellsTheKeyRingHowLongTheKeysTokensLive() {
    TokenClaims wanted = claims("blue-uid");

    issue(Optional.empty(), wanted);

    assertThat(keys.ring(k8s.namespace()).orElseThrow().active().signedUntil()).isEqualTo(wanted.expiresAt());
  }

  @Test
  void issuedTokenThatStillSaysWhatIsWantedIsKeptWithItsKid() {
    TokenClaims wanted = claims("blue-uid");
    SignedToken first = issue(Optional.empty(), wanted);

    SignedToken again = issue(Optional.of(first.text()), wanted);

    assertThat(again).isEqualTo(new SignedToken(first.text(), first.kid(), wanted.expiresAt(), SignedToken.Origin.KEPT));
  }

  @Test
  void issuedTokenThatSaysSomethingElseIsSignedAfresh() {
    SignedToken first = issue(Optional.empty(), claims("blue-uid"));

    SignedToken replaced = issue(Optional.of(first.text()), claims("recreated-blue-uid"));

    assertThat(replaced.fresh()).isTrue();
    assertThat(replaced.text()).isNotEqualTo(first.text());
  }

  @Test
  void tokenTextIsNeverPrinted() {
    SignedToken token = issue(Optional.empty(), claims("blue-uid"));

    assertThat(token.toString()).doesNotContain(token.text()).contains(token.kid());
  }

  void loseTheSigningKeys() {
    k8s.client().secrets().inNamespace(k8s.namespace()).withName(SigningKeyStore.SECRET_NAME).delete();
  }

  @Test
  void tokenWhoseKeyIsGoneIsSignedAgainByANewKeySayingSo() {
    TokenClaims wanted = claims("blue-uid");
    SignedToken first = issue(Optional.empty(), wanted);
    loseTheSigningKeys();

    SignedToken again = issue(Optional.of(first.text()), wanted);

    assertThat(again.origin()).isEqualTo(SignedToken.Origin.REPLACES_LOST_KEY);
    assertThat(again.kid()).isNotEqualTo(first.kid()).isEqualTo(keys.ring(k8s.namespace()).orElseThrow().active().kid());
    assertThat(again.expiresAt()).isEqualTo(first.expiresAt());
  }

  @Test
  void aValidTokenInspectsAsValidWithItsClaims() {
    TokenClaims wanted = claims("blue-uid");
    SignedToken token = issue(Optional.empty(), wanted);

    assertThat(issuer.inspect(k8s.namespace(), token.text()))
        .contains(new IssuedToken(token.kid(), wanted, IssuedToken.Standing.VALID));
  }

  /** An expired token is still a record of what was issued: its expiry is read, not forgotten. */
  @Test
  void anExpiredTokenInspectsAsExpiredWithItsClaims() {
    TokenClaims wanted = claims("blue-uid");
    SignedToken token = issue(Optional.empty(), wanted);

    k8s.clock().advance(Duration.ofHours(25));

    assertThat(issuer.inspect(k8s.namespace(), token.text()))
        .contains(new IssuedToken(token.kid(), wanted, IssuedToken.Standing.EXPIRED));
  }

  @Test
  void aTokenWhoseKeyIsGoneInspectsAsKeyLost() {
    TokenClaims wanted = claims("blue-uid");
    SignedToken token = issue(Optional.empty(), wanted);
    loseTheSigningKeys();

    assertThat(issuer.inspect(k8s.namespace(), token.text()))
        .contains(new IssuedToken(token.kid(), wanted, IssuedToken.Standing.KEY_LOST));
  }

  @Test
  void aTokenWhoseSignatureDoesNotVerifyIsNoIssuedToken() {
    SignedToken token = issue(Optional.empty(), claims("blue-uid"));
    String other = issue(Optional.empty(), claims("red-uid")).text();
    String forged = token.text().substring(0, token.text().lastIndexOf('.')) + other.substring(other.lastIndexOf('.'));

    assertThat(issuer.inspect(k8s.namespace(), forged)).isEmpty();
    assertThat(issuer.inspect(k8s.namespace(), "garbage")).isEmpty();
  }
}
