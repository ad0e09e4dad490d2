package io.cvlan.bench;

import io.cvlan.pki.CaAlgorithm;
import io.cvlan.pki.CertificateAuthority;
import io.cvlan.pki.CsrParser;
import io.cvlan.pki.Keys;
import io.cvlan.pki.LeafProfile;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Single-threaded certificate issuance with the built-in CA's own signing code, no API server: what one
 * core can sign. {@code cvlan bench certs} prints the returned figures as its last line.
 */
public final class CertBench {
  public static final Duration DEFAULT_MEASUREMENT = Duration.ofSeconds(2);
  private static final Duration NODE_VALIDITY = Duration.ofHours(8760);

  private CertBench() {
  }

  /**
   * Measures each figure for about {@code perMeasurement} after a warm-up, printing progress to {@code out}.
   * Keys, in order: {@code certs_per_s} (sign a leaf for a CSR's public key, PEM out: the issuance path once
   * the CSR is checked), {@code csr_certs_per_s} (the same plus parsing and verifying the CSR),
   * {@code certs_keygen_per_s} (generate an EC P-256 key, sign, PEM out both), {@code ed25519_certs_per_s}
   * (the first figure with an Ed25519 CA), {@code ca_algorithm} and {@code ecdsa_over_ed25519}.
   */
  public static Map<String, String> run(PrintStream out, Duration perMeasurement) {
    try {
      return measure(out, perMeasurement);
    } catch (Exception e) {
      throw new IllegalStateException("certificate benchmark failed: " + e.getMessage(), e);
    }
  }

  private static Map<String, String> measure(PrintStream out, Duration perMeasurement) throws Exception {
    SecureRandom random = new SecureRandom();
    Instant now = Clock.systemUTC().instant();
    CertificateAuthority ecdsa = CertificateAuthority.generate("cvlan bench/blue CA", now,
        CertificateAuthority.DEFAULT_CA_VALIDITY, CaAlgorithm.ECDSA_P256, random);
    CertificateAuthority ed25519 = CertificateAuthority.generate("cvlan bench/blue CA", now,
        CertificateAuthority.DEFAULT_CA_VALIDITY, CaAlgorithm.ED25519, random);
    // Agents' keys: Ed25519 CSRs, the cheapest for them to make and for us to verify.
    KeyPair agent = Keys.ed25519(random);
    String csr = csr(agent);
    SubjectPublicKeyInfo agentKey = CsrParser.publicKey(csr);
    LeafProfile profile = new LeafProfile("node-" + "7".repeat(12), "node:" + "7".repeat(12), NODE_VALIDITY);

    Throughput.Operation fromKey = i -> CertificateAuthority.toPem(ecdsa.sign(profile, agentKey, now)).length() > 0;
    Throughput.Operation fromCsr = i -> CertificateAuthority.toPem(ecdsa.sign(profile, CsrParser.publicKey(csr), now))
        .length() > 0;
    Throughput.Operation withKeygen = i -> {
      KeyPair keys = Keys.ecP256(random);
      return CertificateAuthority.toPem(ecdsa.sign(profile, keys.getPublic(), now)).length()
          + Keys.toPem(keys.getPrivate()).length() > 0;
    };
    Throughput.Operation edFromKey = i -> CertificateAuthority.toPem(ed25519.sign(profile, agentKey, now)).length() > 0;

    out.println("warming up ...");
    // A full period each: the JIT needs a while for BouncyCastle's EC code, and this machine is shared.
    Duration warmUp = perMeasurement;
    for (Throughput.Operation operation : new Throughput.Operation[] {fromKey, fromCsr, withKeygen, edFromKey}) {
      Throughput.rate(operation, warmUp);
    }
    Map<String, Double> rates = new LinkedHashMap<>();
    rates.put("certs_per_s", Throughput.rate(fromKey, perMeasurement));
    Throughput.report(out, rates, "certs_per_s");
    rates.put("csr_certs_per_s", Throughput.rate(fromCsr, perMeasurement));
    Throughput.report(out, rates, "csr_certs_per_s");
    rates.put("certs_keygen_per_s", Throughput.rate(withKeygen, perMeasurement));
    Throughput.report(out, rates, "certs_keygen_per_s");
    rates.put("ed25519_certs_per_s", Throughput.rate(edFromKey, perMeasurement));
    Throughput.report(out, rates, "ed25519_certs_per_s");

    Map<String, String> figures = new LinkedHashMap<>();
    rates.forEach((name, rate) -> figures.put(name, Long.toString(Math.round(rate))));
    figures.put("ca_algorithm", "ecdsa_p256");
    figures.put("ecdsa_over_ed25519", String.format(Locale.ROOT, "%.2f",
        rates.get("certs_per_s") / rates.get("ed25519_certs_per_s")));
    return figures;
  }

  private static String csr(KeyPair keys) throws Exception {
    byte[] der = new JcaPKCS10CertificationRequestBuilder(
        new org.bouncycastle.asn1.x500.X500Name("CN=whatever-the-agent-asks"), keys.getPublic())
        .build(new JcaContentSignerBuilder("Ed25519").setProvider(io.cvlan.pki.Providers.BC)
            .build(keys.getPrivate()))
        .getEncoded();
    StringWriter pem = new StringWriter();
    try (PemWriter writer = new PemWriter(pem)) {
      writer.writeObject(new PemObject("CERTIFICATE REQUEST", der));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return pem.toString();
  }

}
