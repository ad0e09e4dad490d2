package io.cvlan.testing;

import io.fabric8.kubernetes.api.model.Secret;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Certificates and CSRs as an agent would hold them, for the operator tests. */
public final class TestPki {
  private TestPki() {}

  public static KeyPair ecKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A PKCS#10 request in PEM whose subject claims to be someone else: the CA must ignore it. */
  public static String csrPem(KeyPair keys, String subject) {
    return csrPem(keys.getPublic(), keys.getPrivate(), subject);
  }

  /** A PKCS#10 request naming {@code claimed} but signed by {@code signer}: tampered unless they pair. */
  public static String csrPem(PublicKey claimed, PrivateKey signer, String subject) {
    try {
      var csr = new JcaPKCS10CertificationRequestBuilder(new X500Principal("CN=" + subject), claimed)
          .build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer));
      StringWriter out = new StringWriter();
      try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
        pem.writeObject(csr);
      }
      return out.toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static String data(Secret secret, String key) {
    String value = secret.getData() == null ? null : secret.getData().get(key);
    return value == null ? null : new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
  }

  public static X509Certificate certificate(String pem) {
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A PKCS#8 EC private key read with the JDK alone, as a JVM agent without BouncyCastle would. */
  public static PrivateKey ecPrivateKey(String pem) {
    try {
      String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether {@code key} is the private half of the certificate's public key: it signs what the certificate verifies. */
  public static boolean keyPairsWithCertificate(PrivateKey key, X509Certificate certificate) {
    try {
      byte[] message = "proof of possession".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(key);
      signer.update(message);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(message);
      return verifier.verify(signature);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static String commonName(X509Certificate certificate) {
    return certificate.getSubjectX500Principal().getName().replaceFirst("^CN=", "").replaceFirst(",.*$", "");
  }

  public static List<String> uriSans(X509Certificate certificate) {
    try {
      return certificate.getSubjectAlternativeNames() == null ? List.of() : certificate.getSubjectAlternativeNames().stream()
          .filter(san -> Integer.valueOf(6).equals(san.get(0))).map(san -> (String) san.get(1)).toList();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
