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

    assertThat(again).isEqualTo(new SignedToken(first.text(), first.kid(), wanted.expiresAt(), false));
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
}
