package io.cvlan.token;

import static io.cvlan.token.TokenFixtures.FIXED;
import static io.cvlan.token.TokenFixtures.NOW;
import static io.cvlan.token.TokenFixtures.RANDOM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SigningKeyTest {
  private final SigningKey key = SigningKey.generate(FIXED, RANDOM);

  @Test
  void kidIsTheFirst16HexCharactersOfTheSha256OfThePublicKey() throws Exception {
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.publicKey()));

    assertThat(key.kid()).isEqualTo(sha256.substring(0, 16));
  }

  @Test
  void generatedKeyHas32ByteSeedAndPublicKeyCreatedNow() {
    assertThat(key.seed()).hasSize(32);
    assertThat(key.publicKey()).hasSize(32);
    assertThat(key.createdAt()).isEqualTo(NOW);
    assertThat(key.retiredAt()).isNull();
    assertThat(key.signedUntil()).isNull();
  }

  @Test
  void keysWithTheSameContentAreEqual() {
    SigningKey copy = new SigningKey(key.kid(), key.seed(), key.publicKey(), key.createdAt(), null, null);

    assertThat(copy).isEqualTo(key).hasSameHashCodeAs(key);
  }

  @Test
  void keysDifferingInRetirementAreNotEqual() {
    assertThat(key.retired(NOW)).isNotEqualTo(key);
  }

  @Test
  void accessorsHandOutCopies() {
    key.seed()[0] ^= 1;
    key.publicKey()[0] ^= 1;

    assertThat(new SigningKey(key.kid(), key.seed(), key.publicKey(), NOW, null, null)).isEqualTo(key);
  }

  @Test
  void publicKeyThatDoesNotBelongToTheSeedIsRefused() {
    SigningKey other = SigningKey.generate(FIXED, RANDOM);

    assertThatThrownBy(() -> new SigningKey(other.kid(), key.seed(), other.publicKey(), NOW, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not belong to its seed");
  }

  @Test
  void kidThatDoesNotMatchThePublicKeyIsRefused() {
    assertThatThrownBy(() -> new SigningKey("0123456789abcdef", key.seed(), key.publicKey(), NOW, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not match");
  }
}
