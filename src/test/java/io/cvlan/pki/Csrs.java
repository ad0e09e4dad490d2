package io.cvlan.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** CSRs as agents would send them, and broken ones. */
final class Csrs {
  static final SecureRandom RANDOM = new SecureRandom();

  private Csrs() {
  }

  static KeyPair p256() {
    return Keys.ecP256(RANDOM);
  }

  static KeyPair ed25519() {
    return Keys.ed25519(RANDOM);
  }

  static KeyPair p384() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp384r1"));
    return generator.generateKeyPair();
  }

  static KeyPair rsa(int bits) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(bits);
    return generator.generateKeyPair();
  }

  static String csr(String subject, KeyPair keys) {
    return csr(subject, keys.getPublic(), keys.getPrivate());
  }

  /** A CSR naming {@code publicKey} but signed by {@code signingKey}: a mismatch makes the signature invalid. */
  static String csr(String subject, PublicKey publicKey, PrivateKey signingKey) {
    try {
      String algorithm = switch (signingKey.getAlgorithm()) {
        case "EC", "ECDSA" -> "SHA256withECDSA";
        case "RSA" -> "SHA256withRSA";
        default -> "Ed25519";
      };
      PKCS10CertificationRequest request = new JcaPKCS10CertificationRequestBuilder(
          CertificateAuthority.name(subject), publicKey)
          .build(new JcaContentSignerBuilder(algorithm).setProvider(Providers.BC).build(signingKey));
      return Pem.encode("CERTIFICATE REQUEST", request.getEncoded());
    } catch (OperatorCreationException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
