package io.cvlan.pki;

import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.cert.X509CertificateHolder;

/** When a certificate is due for renewal: once two thirds of its lifetime have passed. */
final class Renewal {
  private Renewal() {
  }

  static Instant renewAt(X509CertificateHolder certificate) {
    Instant notBefore = CertificateAuthority.notBefore(certificate);
    Duration lifetime = Duration.between(notBefore, CertificateAuthority.notAfter(certificate));
    return notBefore.plus(lifetime.multipliedBy(2).dividedBy(3));
  }

  static boolean due(X509CertificateHolder certificate, Instant now) {
    return !now.isBefore(renewAt(certificate));
  }
}
