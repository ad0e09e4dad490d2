package io.cvlan.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;

/** The signing core, without Kubernetes: what the benchmark measures and BuiltInCa stores. */
class CertificateAuthorityTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final LeafProfile NODE = new LeafProfile("node-1", "node:1", Duration.ofHours(8));

  private static CertificateAuthority ca(CaAlgorithm algorithm) {
    return CertificateAuthority.generate("cvlan t/blue CA", NOW, CertificateAuthority.DEFAULT_CA_VALIDITY, algorithm,
        Csrs.RANDOM);
  }

  @Test
  void caRestoredFromItsPemSignsLeavesTheOriginalRecognises() {
    CertificateAuthority original = ca(CaAlgorithm.ECDSA_P256);

    CertificateAuthority restored = CertificateAuthority.fromPem(original.certificatePem(), original.privateKeyPem(),
        Csrs.RANDOM);

    assertThat(original.signed(restored.sign(NODE, Csrs.p256().getPublic(), NOW))).isTrue();
  }

  @Test
  void leafFromAnotherCaIsNotRecognised() {
    X509CertificateHolder foreign = ca(CaAlgorithm.ECDSA_P256).sign(NODE, Csrs.p256().getPublic(), NOW);

    assertThat(ca(CaAlgorithm.ECDSA_P256).signed(foreign)).isFalse();
  }

  @Test
  void leavesThisCaSignsAreKnownGoodWithoutAVerify() {
    CertificateAuthority ca = ca(CaAlgorithm.ECDSA_P256);

    X509CertificateHolder leaf = ca.sign(NODE, Csrs.p256().getPublic(), NOW);

    assertThat(ca.knownSigned(leaf)).isTrue();
    assertThat(ca.signed(leaf)).isTrue();
  }

  @Test
  void aLeafVerifiedOnceIsRememberedAsGood() throws Exception {
    CertificateAuthority original = ca(CaAlgorithm.ECDSA_P256);
    CertificateAuthority restored = CertificateAuthority.fromPem(original.certificatePem(), original.privateKeyPem(),
        Csrs.RANDOM);
    X509CertificateHolder leaf = original.sign(NODE, Csrs.p256().getPublic(), NOW);
    X509CertificateHolder reparsed = Pem.parseCertificate(Pem.certificate(leaf)).orElseThrow();

    assertThat(restored.knownSigned(reparsed)).isFalse();
    assertThat(restored.signed(reparsed)).isTrue();
    assertThat(restored.knownSigned(reparsed)).isTrue();
  }

  @Test
  void aLeafAnotherCaRemembersIsNotGoodForACaOfTheSameName() {
    CertificateAuthority first = ca(CaAlgorithm.ECDSA_P256);
    CertificateAuthority recreated = ca(CaAlgorithm.ECDSA_P256);
    X509CertificateHolder leaf = first.sign(NODE, Csrs.p256().getPublic(), NOW);

    assertThat(recreated.certificate().getSubject()).isEqualTo(first.certificate().getSubject());
    assertThat(first.knownSigned(leaf)).isTrue();
    assertThat(recreated.signed(leaf)).isFalse();
    assertThat(recreated.knownSigned(leaf)).isFalse();
  }

  @Test
  void ed25519CaSignsVerifiableLeaves() {
    CertificateAuthority ca = ca(CaAlgorithm.ED25519);

    assertThat(ca.signed(ca.sign(NODE, Csrs.p256().getPublic(), NOW))).isTrue();
  }

  @Test
  void leafAuthorityKeyIdIsTheCasSubjectKeyId() {
    CertificateAuthority ca = ca(CaAlgorithm.ECDSA_P256);

    X509CertificateHolder leaf = ca.sign(NODE, Csrs.p256().getPublic(), NOW);

    byte[] caKeyId = SubjectKeyIdentifier.fromExtensions(ca.certificate().getExtensions()).getKeyIdentifier();
    assertThat(AuthorityKeyIdentifier.fromExtensions(leaf.getExtensions()).getKeyIdentifier())
        .isEqualTo(caKeyId);
  }

  @Test
  void concurrentSigningGivesEachLeafItsOwnKeyIdentifier() throws Exception {
    CertificateAuthority ca = ca(CaAlgorithm.ECDSA_P256);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<X509CertificateHolder>> leaves = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        leaves.add(pool.submit(() -> ca.sign(NODE, Csrs.ed25519().getPublic(), NOW)));
      }
      for (Future<X509CertificateHolder> leaf : leaves) {
        X509CertificateHolder certificate = leaf.get();
        assertThat(SubjectKeyIdentifier.fromExtensions(certificate.getExtensions()).getKeyIdentifier())
            .isEqualTo(sha1OfKey(certificate.getSubjectPublicKeyInfo()));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void serialsAreDistinctPositiveAndAtMost127Bits() {
    CertificateAuthority ca = ca(CaAlgorithm.ECDSA_P256);
    var key = Csrs.p256().getPublic();

    List<java.math.BigInteger> serials = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      serials.add(ca.sign(NODE, key, NOW).getSerialNumber());
    }

    assertThat(serials).doesNotHaveDuplicates().allSatisfy(serial -> {
      assertThat(serial.signum()).isPositive();
      assertThat(serial.bitLength()).isLessThanOrEqualTo(127);
    });
  }

  @Test
  void leafIsNotACa() {
    X509CertificateHolder leaf = ca(CaAlgorithm.ECDSA_P256).sign(NODE, Csrs.p256().getPublic(), NOW);

    assertThat(leaf.getExtension(Extension.basicConstraints).isCritical()).isTrue();
    assertThat(org.bouncycastle.asn1.x509.BasicConstraints.fromExtensions(leaf.getExtensions()).isCA()).isFalse();
  }

  /** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits. */
  private static byte[] sha1OfKey(SubjectPublicKeyInfo key) throws Exception {
    return MessageDigest.getInstance("SHA-1").digest(key.getPublicKeyData().getBytes());
  }
}
