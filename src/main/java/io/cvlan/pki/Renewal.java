package io.cvlan.pki;

import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * When a certificate is due for renewal: once two thirds of its lifetime have passed. The operator re-issues
 * and the agent fetches by this one rule, so they agree on the moment.
 */
public final class Renewal {
  private Renewal() {
  }

  public static Instant renewAt(Instant notBefore, Instant notAfter) {
    return notBefore.plus(Duration.between(notBefore, notAfter).multipliedBy(2).dividedBy(3));
  }

  static Instant renewAt(X509CertificateHolder certificate) {
    return renewAt(CertificateAuthority.notBefore(certificate), CertificateAuthority.notAfter(certificate));
  }

  static boolean due(X509CertificateHolder certificate, Instant now) {
    return !now.isBefore(renewAt(certificate));
  }
}
