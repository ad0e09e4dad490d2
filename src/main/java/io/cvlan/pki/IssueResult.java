package io.cvlan.pki;

import java.time.Instant;
import java.util.Optional;

/** The outcome of asking for a certificate: issued now, or waiting for someone else (cert-manager). */
public sealed interface IssueResult {

  /** A certificate ready to hand out; {@code privateKeyPem} is empty when the agent sent a CSR. */
  record Issued(String secretName, Instant notBefore, Instant notAfter, String certificatePem,
      Optional<String> privateKeyPem, String caChainPem) implements IssueResult {
    /** Never prints the private key: results end up in logs and assertion messages. */
    @Override
    public String toString() {
      return "Issued[secretName=" + secretName + ", notBefore=" + notBefore + ", notAfter=" + notAfter
          + ", privateKey=" + (privateKeyPem.isPresent() ? "<redacted>" : "<none>") + "]";
    }
  }

  /** Not issued yet; {@code reason} is a CamelCase condition reason, {@code message} tells a human what to do. */
  record Pending(String reason, String message) implements IssueResult {
  }
}
