package io.cvlan.agent;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

/** The first certificate of a PEM bundle, as the agent reads the ones the registration API hands it. */
final class X509 {
  private X509() {
  }

  static X509Certificate parse(String pem) throws CertificateException {
    return (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }
}
