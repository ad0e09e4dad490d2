package io.cvlan.agent;

import io.cvlan.pki.Keys;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.security.SecureRandom;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** The agent's certificate key, made here so that it never leaves the machine: only a CSR is sent. */
public record CsrKeys(String csrPem, String privateKeyPem) {
  @Override
  public String toString() {
    return "CsrKeys[<redacted>]";
  }

  public static CsrKeys generate(String hostname, SecureRandom random) {
    return of(hostname, Keys.ecP256(random));
  }

  /** A CSR for the key the agent already holds ({@code tls.key}, whose public half its certificate carries): renewal keeps the key. */
  public static CsrKeys forKey(String hostname, String privateKeyPem, java.security.PublicKey publicKey) {
    try {
      return of(hostname, new KeyPair(publicKey, io.cvlan.registration.client.RegistrationHttpClient.privateKey(privateKeyPem)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static CsrKeys of(String hostname, KeyPair keys) {
    try {
      var csr = new JcaPKCS10CertificationRequestBuilder(new X500Principal("CN=" + hostname), keys.getPublic())
          .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(io.cvlan.pki.Providers.BC)
              .build(keys.getPrivate()));
      StringWriter out = new StringWriter();
      try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
        pem.writeObject(csr);
      }
      return new CsrKeys(out.toString(), Keys.toPem(keys.getPrivate()));
    } catch (OperatorCreationException e) {
      throw new IllegalStateException("cannot sign a CSR: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
