package io.cvlan.agent.wireguard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireGuardKeysTest {
  // RFC 7748 §6.1, Alice.
  private static final String ALICE_PRIVATE = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
  private static final String ALICE_PUBLIC = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";

  @Test
  void publicKeyOfRfc7748AliceIsHerPublicKey() {
    String publicKey = WireGuardKeys.publicKeyOf(base64OfHex(ALICE_PRIVATE));

    assertThat(publicKey).isEqualTo(base64OfHex(ALICE_PUBLIC));
  }

  @Test
  void generatedKeysAreBase64Of32BytesAndClamped() {
    WireGuardKeys.KeyPair pair = WireGuardKeys.generate();

    byte[] secret = Base64.getDecoder().decode(pair.privateKey());
    assertThat(pair.privateKey()).hasSize(44);
    assertThat(pair.publicKey()).hasSize(44);
    assertThat(secret[0] & 0x07).isZero();
    assertThat(secret[31] & 0x80).isZero();
    assertThat(secret[31] & 0x40).isEqualTo(0x40);
    assertThat(WireGuardKeys.publicKeyOf(pair.privateKey())).isEqualTo(pair.publicKey());
  }

  @Test
  void publicKeyMatchesWgPubkeyForARandomKey() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/wg")), "skipped: wg is not installed");
    WireGuardKeys.KeyPair pair = WireGuardKeys.generate();

    String fromWg = HostCommands.run(List.of("wg", "pubkey"),
        (pair.privateKey() + "\n").getBytes(StandardCharsets.US_ASCII)).strip();

    assertThat(fromWg).isEqualTo(pair.publicKey());
  }

  @Test
  void publicKeyMatchesWgPubkeyForAKeyFromWgGenkey() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/wg")), "skipped: wg is not installed");
    String privateKey = HostCommands.run(List.of("wg", "genkey")).strip();

    String fromWg = HostCommands.run(List.of("wg", "pubkey"),
        (privateKey + "\n").getBytes(StandardCharsets.US_ASCII)).strip();

    assertThat(WireGuardKeys.publicKeyOf(privateKey)).isEqualTo(fromWg);
  }

  @Test
  void keyPairToStringNeverShowsThePrivateKey() {
    WireGuardKeys.KeyPair pair = WireGuardKeys.generate();

    assertThat(pair.toString()).doesNotContain(pair.privateKey()).contains(pair.publicKey()).contains("<redacted>");
  }

  @Test
  void validationAcceptsOnly32BytesOfStandardBase64() {
    assertThat(WireGuardKeys.isValid(TestKeys.key(1))).isTrue();
    assertThat(WireGuardKeys.isValid(Base64.getEncoder().encodeToString(new byte[31]))).isFalse();
    assertThat(WireGuardKeys.isValid(Base64.getEncoder().encodeToString(new byte[33]))).isFalse();
    assertThat(WireGuardKeys.isValid("not a key at all, but exactly 44 chars long")).isFalse();
    assertThat(WireGuardKeys.isValid(null)).isFalse();
  }

  @Test
  void aRejectedPrivateKeyIsNotEchoedInTheMessage() {
    String almost = TestKeys.key(7).substring(0, 43) + "!";

    assertThatThrownBy(() -> WireGuardKeys.publicKeyOf(almost))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("private key")
        .hasMessageNotContaining(almost);
  }

  @Test
  void hexOnTheWireRoundTripsToBase64() {
    assertThat(WireGuardKeys.toHex(TestKeys.key(0xab))).isEqualTo(TestKeys.hex(0xab));
    assertThat(WireGuardKeys.fromHex(TestKeys.hex(0xab))).isEqualTo(TestKeys.key(0xab));
  }

  private static String base64OfHex(String hex) {
    return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
  }
}
