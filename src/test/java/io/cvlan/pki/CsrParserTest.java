package io.cvlan.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.Test;

/** What the CA accepts from an agent's CSR, and the message each refusal carries. */
class CsrParserTest {

  @Test
  void acceptsEcP256AndReturnsItsPublicKey() throws Exception {
    KeyPair keys = Csrs.p256();

    SubjectPublicKeyInfo key = CsrParser.publicKey(Csrs.csr("node-1", keys));

    assertThat(key.getEncoded()).isEqualTo(keys.getPublic().getEncoded());
  }

  @Test
  void acceptsEd25519() throws Exception {
    KeyPair keys = Csrs.ed25519();

    assertThat(CsrParser.publicKey(Csrs.csr("node-1", keys)).getEncoded()).isEqualTo(keys.getPublic().getEncoded());
  }

  @Test
  void acceptsRsaOf2048Bits() throws Exception {
    KeyPair keys = Csrs.rsa(2048);

    assertThat(CsrParser.publicKey(Csrs.csr("node-1", keys)).getEncoded()).isEqualTo(keys.getPublic().getEncoded());
  }

  @Test
  void refusesTextThatIsNotPem() {
    assertThatThrownBy(() -> CsrParser.publicKey("hello, I am not a CSR"))
        .isInstanceOf(InvalidCsrException.class)
        .hasMessageContaining("not PEM");
  }

  @Test
  void refusesPemThatIsNotACertificateRequest() {
    CertificateAuthority ca = CertificateAuthority.generate("some CA", Instant.now(), Duration.ofDays(1),
        CaAlgorithm.ECDSA_P256, Csrs.RANDOM);

    assertThatThrownBy(() -> CsrParser.publicKey(ca.certificatePem()))
        .isInstanceOf(InvalidCsrException.class)
        .hasMessageContaining("not a PKCS#10 certificate request");
  }

  @Test
  void refusesACsrWhoseSignatureDoesNotVerify() {
    KeyPair claimed = Csrs.p256();
    KeyPair other = Csrs.p256();

    assertThatThrownBy(() -> CsrParser.publicKey(Csrs.csr("node-1", claimed.getPublic(), other.getPrivate())))
        .isInstanceOf(InvalidCsrException.class)
        .hasMessageContaining("signature does not verify");
  }

  @Test
  void refusesAnEcKeyOnAnotherCurve() throws Exception {
    assertThatThrownBy(() -> CsrParser.publicKey(Csrs.csr("node-1", Csrs.p384())))
        .isInstanceOf(InvalidCsrException.class)
        .hasMessageContaining("unsupported key")
        .hasMessageContaining("1.3.132.0.34");
  }

  @Test
  void refusesRsaShorterThan2048Bits() throws Exception {
    assertThatThrownBy(() -> CsrParser.publicKey(Csrs.csr("node-1", Csrs.rsa(1024))))
        .isInstanceOf(InvalidCsrException.class)
        .hasMessageContaining("unsupported key")
        .hasMessageContaining("RSA of 1024 bits");
  }

  @Test
  void aVerifiedCsrCarriesItsPemAndTheKeyItsSignatureVerifiedWith() throws Exception {
    KeyPair keys = Csrs.p256();
    String pem = Csrs.csr("node-1", keys);

    VerifiedCsr csr = CsrParser.verified(pem);

    assertThat(csr.pem()).isEqualTo(pem);
    assertThat(csr.publicKey().getEncoded()).isEqualTo(keys.getPublic().getEncoded());
    assertThat(csr.verified()).isSameAs(csr);
  }

  @Test
  void noVerifiedCsrIsMadeFromATamperedOne() throws Exception {
    KeyPair claimed = Csrs.p256();
    String tampered = Csrs.csr("node-1", claimed.getPublic(), Csrs.p256().getPrivate());

    assertThatThrownBy(() -> CsrParser.verified(tampered))
        .isInstanceOf(InvalidCsrException.class)
        .hasMessage("the CSR's signature does not verify with its public key");
  }

  @Test
  void aStoredCsrClaimsItsKeyWithoutTheSignatureCheckButIsVerifiedBeforeItCanBeSigned() throws Exception {
    KeyPair claimed = Csrs.p256();
    StoredCsr tampered = new StoredCsr(Csrs.csr("node-1", claimed.getPublic(), Csrs.p256().getPrivate()));

    assertThat(tampered.claimedKey().orElseThrow().getEncoded()).isEqualTo(claimed.getPublic().getEncoded());
    assertThatThrownBy(tampered::verified)
        .isInstanceOf(InvalidCsrException.class)
        .hasMessage("the CSR's signature does not verify with its public key");
  }

  @Test
  void aStoredCsrThatDoesNotParseClaimsNoKey() {
    assertThat(new StoredCsr("hello, I am not a CSR").claimedKey()).isEmpty();
  }
}
