package io.cvlan.pki;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * A CA key and its self-signed certificate, and the signing of leaf certificates: pure, no Kubernetes,
 * so the benchmark measures exactly what issuance does. Thread-safe.
 */
public final class CertificateAuthority {
  /** Accepted clock skew between the operator and whoever verifies a new certificate. */
  public static final Duration BACKDATE = Duration.ofMinutes(5);
  public static final Duration DEFAULT_CA_VALIDITY = Duration.ofDays(3650);
  /** Enough for the certificates of a burst of registrations to be confirmed without a verify each. */
  static final int KNOWN_SIGNED = 4096;

  private final X509CertificateHolder certificate;
  private final PrivateKey privateKey;
  private final CaAlgorithm algorithm;
  private final AuthorityKeyIdentifier authorityKeyId;
  private final String certificatePem;
  private final SecureRandom random;
  /**
   * SHA-256 of the DER of leaves this CA is known to have signed: signed here, or verified once. Being one
   * CA's, a certificate another CA signed (even one with the same name: a CVLAN re-created) is never in it.
   * The same bytes carry the same signature, so what verified once verifies forever; bounded, an entry lost
   * costs one verify.
   */
  private final Cache<String, Boolean> knownSigned = Caffeine.newBuilder().maximumSize(KNOWN_SIGNED)
      // Maintenance on the calling thread: nothing escapes to the common pool.
      .executor(Runnable::run).build();

  private CertificateAuthority(X509CertificateHolder certificate, PrivateKey privateKey, CaAlgorithm algorithm,
      SecureRandom random) {
    this.certificate = certificate;
    this.privateKey = privateKey;
    this.algorithm = algorithm;
    this.random = random;
    this.authorityKeyId = new BcX509ExtensionUtils().createAuthorityKeyIdentifier(certificate.getSubjectPublicKeyInfo());
    this.certificatePem = Pem.certificate(certificate);
  }

  /** A new self-signed CA: basicConstraints CA with pathLen 0, keyCertSign and cRLSign. */
  public static CertificateAuthority generate(String commonName, Instant now, Duration validity, CaAlgorithm algorithm,
      SecureRandom random) {
    KeyPair keys = Keys.generate(algorithm, random);
    X500Name subject = name(commonName);
    SubjectPublicKeyInfo publicKey = SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
    BcX509ExtensionUtils utils = new BcX509ExtensionUtils();
    X509v3CertificateBuilder builder = new X509v3CertificateBuilder(subject, serial(random),
        Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), subject, publicKey);
    try {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(publicKey));
      builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(publicKey));
    } catch (CertIOException e) {
      throw new UncheckedIOException(e);
    }
    X509CertificateHolder certificate = builder.build(signer(algorithm, keys.getPrivate(), random));
    return new CertificateAuthority(certificate, keys.getPrivate(), algorithm, random);
  }

  /** The CA stored earlier (certificate and PKCS#8 key in PEM). */
  public static CertificateAuthority fromPem(String certificatePem, String privateKeyPem, SecureRandom random) {
    X509CertificateHolder certificate = Pem.parseCertificate(certificatePem)
        .orElseThrow(() -> new IllegalArgumentException("the CA certificate is not a PEM certificate"));
    PrivateKey key = Pem.parsePrivateKey(privateKeyPem);
    CaAlgorithm algorithm = key.getAlgorithm().startsWith("EC") ? CaAlgorithm.ECDSA_P256 : CaAlgorithm.ED25519;
    return new CertificateAuthority(certificate, key, algorithm, random);
  }

  /**
   * Signs a leaf for {@code publicKey}: CN and URI SAN from the profile, clientAuth and serverAuth,
   * digitalSignature, CA:false, valid from {@code now} minus {@link #BACKDATE} to {@code now} plus the
   * profile's validity.
   */
  public X509CertificateHolder sign(LeafProfile profile, SubjectPublicKeyInfo publicKey, Instant now) {
    X509v3CertificateBuilder builder = new X509v3CertificateBuilder(certificate.getSubject(), serial(random),
        Date.from(now.minus(BACKDATE)), Date.from(now.plus(profile.validity())), name(profile.commonName()),
        publicKey);
    try {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(Extension.extendedKeyUsage, false,
          new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth}));
      java.util.List<GeneralName> names = new java.util.ArrayList<>();
      if (profile.uriSan() != null) {
        names.add(new GeneralName(GeneralName.uniformResourceIdentifier, profile.uriSan()));
      }
      for (String host : profile.dnsNames()) {
        boolean ip = host.matches("[0-9.]+") || host.contains(":");
        names.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, host));
      }
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
      builder.addExtension(Extension.subjectKeyIdentifier, false, subjectKeyId(publicKey));
      builder.addExtension(Extension.authorityKeyIdentifier, false, authorityKeyId);
    } catch (CertIOException e) {
      throw new UncheckedIOException(e);
    }
    X509CertificateHolder leaf = builder.build(signer(algorithm, privateKey, random));
    knownSigned.put(fingerprint(leaf), Boolean.TRUE);
    return leaf;
  }

  public X509CertificateHolder sign(LeafProfile profile, PublicKey publicKey, Instant now) {
    return sign(profile, SubjectPublicKeyInfo.getInstance(publicKey.getEncoded()), now);
  }

  /** A certificate as PEM, as it goes into a Secret and a registration response. */
  public static String toPem(X509CertificateHolder certificate) {
    return Pem.certificate(certificate);
  }

  /** True if this CA's key signed {@code leaf}: verified once, then remembered. */
  public boolean signed(X509CertificateHolder leaf) {
    if (!leaf.getIssuer().equals(certificate.getSubject())) {
      return false;
    }
    String fingerprint = fingerprint(leaf);
    if (knownSigned.getIfPresent(fingerprint) != null) {
      return true;
    }
    boolean valid;
    try {
      valid = leaf.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(Providers.BC)
          .build(certificate.getSubjectPublicKeyInfo()));
    } catch (Exception e) {
      valid = false;
    }
    if (valid) {
      knownSigned.put(fingerprint, Boolean.TRUE);
    }
    return valid;
  }

  /** Whether {@link #signed} would answer from memory, without a verify. */
  boolean knownSigned(X509CertificateHolder leaf) {
    return knownSigned.getIfPresent(fingerprint(leaf)) != null;
  }

  private static String fingerprint(X509CertificateHolder leaf) {
    try {
      return Base64.getEncoder().withoutPadding().encodeToString(
          MessageDigest.getInstance("SHA-256").digest(encoded(leaf)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  public X509CertificateHolder certificate() {
    return certificate;
  }

  public String certificatePem() {
    return certificatePem;
  }

  /** The CA's private key in PKCS#8 PEM, for its Secret only: never log it. */
  public String privateKeyPem() {
    return Pem.privateKey(privateKey);
  }

  public CaAlgorithm algorithm() {
    return algorithm;
  }

  public java.security.cert.X509Certificate jcaCertificate() {
    try {
      return new JcaX509CertificateConverter().getCertificate(certificate);
    } catch (java.security.cert.CertificateException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A fresh utility per call: its SHA-1 calculator keeps state, and issuance runs on many threads. */
  private static SubjectKeyIdentifier subjectKeyId(SubjectPublicKeyInfo publicKey) {
    return new BcX509ExtensionUtils().createSubjectKeyIdentifier(publicKey);
  }

  /** A random positive serial of 127 bits: unpredictable, and never longer than the 20 octets RFC 5280 allows. */
  private static BigInteger serial(SecureRandom random) {
    BigInteger serial;
    do {
      serial = new BigInteger(127, random);
    } while (serial.signum() == 0);
    return serial;
  }

  static X500Name name(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
  }

  private static ContentSigner signer(CaAlgorithm algorithm, PrivateKey key, SecureRandom random) {
    try {
      // BouncyCastle for both algorithms: on JDK 17 SunEC signs P-256 several times slower (cvlan bench certs).
      return new JcaContentSignerBuilder(algorithm.signatureAlgorithm).setProvider(Providers.BC)
          .setSecureRandom(random).build(key);
    } catch (OperatorCreationException e) {
      throw new IllegalStateException("cannot sign with " + algorithm, e);
    }
  }

  static Instant notBefore(X509CertificateHolder certificate) {
    return certificate.getNotBefore().toInstant();
  }

  static Instant notAfter(X509CertificateHolder certificate) {
    return certificate.getNotAfter().toInstant();
  }

  static byte[] encoded(X509CertificateHolder certificate) {
    try {
      return certificate.getEncoded();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
