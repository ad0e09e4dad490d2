package io.cvlan.pki;

import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * A CSR whose self-signature verified and whose key this CA certifies, with that key: what the CA signs.
 * Not a record, whose constructor would be public: only {@link CsrParser#verified} makes one, after the check.
 */
public final class VerifiedCsr implements Csr {
  private final String pem;
  private final SubjectPublicKeyInfo publicKey;

  VerifiedCsr(String pem, SubjectPublicKeyInfo publicKey) {
    this.pem = Objects.requireNonNull(pem, "pem");
    this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
  }

  @Override
  public String pem() {
    return pem;
  }

  public SubjectPublicKeyInfo publicKey() {
    return publicKey;
  }

  @Override
  public VerifiedCsr verified() {
    return this;
  }

  @Override
  public Optional<SubjectPublicKeyInfo> claimedKey() {
    return Optional.of(publicKey);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof VerifiedCsr csr && pem.equals(csr.pem);
  }

  @Override
  public int hashCode() {
    return pem.hashCode();
  }

  @Override
  public String toString() {
    return "VerifiedCsr[key=" + publicKey.getAlgorithm().getAlgorithm() + "]";
  }
}
