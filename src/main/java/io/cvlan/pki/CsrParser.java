package io.cvlan.pki;

import java.io.IOException;
import java.io.StringReader;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;

/**
 * Turns an agent's PEM CSR into the public key to certify. Only the key is used: the subject and any
 * extensions the CSR asks for are ignored, because identity is decided by the server.
 */
public final class CsrParser {
  static final int MIN_RSA_BITS = 2048;

  private CsrParser() {
  }

  /** The CSR, once its self-signature verifies and the key type is one this CA certifies. */
  public static VerifiedCsr verified(String csrPem) throws InvalidCsrException {
    PKCS10CertificationRequest csr = parse(csrPem);
    SubjectPublicKeyInfo key = csr.getSubjectPublicKeyInfo();
    requireSupported(key);
    if (!signatureVerifies(csr, key)) {
      throw new InvalidCsrException("the CSR's signature does not verify with its public key");
    }
    return new VerifiedCsr(csrPem, key);
  }

  /** The CSR's public key, once its self-signature verifies and the key type is one this CA certifies. */
  public static SubjectPublicKeyInfo publicKey(String csrPem) throws InvalidCsrException {
    return verified(csrPem).publicKey();
  }

  /**
   * The key the CSR names, neither its signature nor its type checked: enough to tell whether a certificate
   * our CA signed is for it, never enough to sign.
   */
  static Optional<SubjectPublicKeyInfo> claimedKey(String csrPem) {
    try {
      return Optional.of(parse(csrPem).getSubjectPublicKeyInfo());
    } catch (InvalidCsrException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static PKCS10CertificationRequest parse(String csrPem) throws InvalidCsrException {
    Object object;
    try (PEMParser parser = new PEMParser(new StringReader(csrPem == null ? "" : csrPem))) {
      object = parser.readObject();
    } catch (IOException | RuntimeException e) {
      throw new InvalidCsrException("the CSR is not PEM: expected a '-----BEGIN CERTIFICATE REQUEST-----' block", e);
    }
    if (object == null) {
      throw new InvalidCsrException("the CSR is not PEM: expected a '-----BEGIN CERTIFICATE REQUEST-----' block");
    }
    if (!(object instanceof PKCS10CertificationRequest csr)) {
      throw new InvalidCsrException("the CSR is not a PKCS#10 certificate request (found "
          + object.getClass().getSimpleName() + ")");
    }
    return csr;
  }

  private static void requireSupported(SubjectPublicKeyInfo key) throws InvalidCsrException {
    ASN1ObjectIdentifier algorithm = key.getAlgorithm().getAlgorithm();
    if (EdECObjectIdentifiers.id_Ed25519.equals(algorithm)) {
      return;
    }
    if (X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm)) {
      Object curve = key.getAlgorithm().getParameters();
      if (SECObjectIdentifiers.secp256r1.equals(curve)) {
        return;
      }
      throw new InvalidCsrException("unsupported key in the CSR: EC curve " + curve
          + "; use EC P-256, Ed25519 or RSA of at least " + MIN_RSA_BITS + " bits");
    }
    if (PKCSObjectIdentifiers.rsaEncryption.equals(algorithm)) {
      int bits = rsaBits(key);
      if (bits >= MIN_RSA_BITS) {
        return;
      }
      throw new InvalidCsrException("unsupported key in the CSR: RSA of " + bits
          + " bits; use EC P-256, Ed25519 or RSA of at least " + MIN_RSA_BITS + " bits");
    }
    throw new InvalidCsrException("unsupported key in the CSR: algorithm " + algorithm
        + "; use EC P-256, Ed25519 or RSA of at least " + MIN_RSA_BITS + " bits");
  }

  private static int rsaBits(SubjectPublicKeyInfo key) throws InvalidCsrException {
    try {
      return RSAPublicKey.getInstance(key.parsePublicKey()).getModulus().bitLength();
    } catch (IOException | RuntimeException e) {
      throw new InvalidCsrException("unsupported key in the CSR: malformed RSA public key", e);
    }
  }

  private static boolean signatureVerifies(PKCS10CertificationRequest csr, SubjectPublicKeyInfo key)
      throws InvalidCsrException {
    try {
      ContentVerifierProvider verifier = new JcaContentVerifierProviderBuilder()
          .setProvider(Providers.BC).build(key);
      return csr.isSignatureValid(verifier);
    } catch (OperatorCreationException e) {
      throw new InvalidCsrException("unsupported key in the CSR: cannot verify its signature (" + e.getMessage() + ")", e);
    } catch (PKCSException e) {
      return false;
    }
  }
}
