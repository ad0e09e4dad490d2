package io.cvlan.pki;

import java.util.Optional;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * A CSR read back from where a registration kept it (a Node's or a certificate Secret's annotation): not
 * trusted yet. Comparing its key with a certificate's costs a parse; signing it verifies it first.
 */
public record StoredCsr(String pem) implements Csr {
  @Override
  public VerifiedCsr verified() throws InvalidCsrException {
    return CsrParser.verified(pem);
  }

  @Override
  public Optional<SubjectPublicKeyInfo> claimedKey() {
    return CsrParser.claimedKey(pem);
  }

  @Override
  public String toString() {
    return "StoredCsr[" + pem.length() + " characters]";
  }
}
