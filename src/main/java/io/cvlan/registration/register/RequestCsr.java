package io.cvlan.registration.register;

import io.cvlan.pki.CsrParser;
import io.cvlan.pki.InvalidCsrException;
import io.cvlan.pki.VerifiedCsr;
import io.cvlan.registration.http.ApiException;
import java.util.Optional;

/**
 * The CSR of a register or renew request, checked before anything is written or counted. Its signature is
 * verified here, once: the {@link VerifiedCsr} is what the CA then signs without verifying again.
 */
final class RequestCsr {
  private RequestCsr() {}

  /** Empty without one; 400 {@code invalid_csr} with the reason for a bad one. */
  static Optional<VerifiedCsr> checked(String pem) {
    if (pem == null || pem.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(CsrParser.verified(pem));
    } catch (InvalidCsrException e) {
      // The parser's messages describe the structure, never the content.
      throw new ApiException(400, "invalid_csr", e.getMessage());
    }
  }
}
