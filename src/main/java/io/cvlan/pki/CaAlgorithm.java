package io.cvlan.pki;

/**
 * Key and signature algorithm of a CA. The built-in CA uses ECDSA P-256: every TLS stack verifies it;
 * Ed25519 is measured beside it by {@code cvlan bench certs} to back that choice with a figure.
 */
public enum CaAlgorithm {
  ECDSA_P256("EC", "SHA256withECDSA"),
  ED25519("Ed25519", "Ed25519");

  final String keyAlgorithm;
  final String signatureAlgorithm;

  CaAlgorithm(String keyAlgorithm, String signatureAlgorithm) {
    this.keyAlgorithm = keyAlgorithm;
    this.signatureAlgorithm = signatureAlgorithm;
  }
}
