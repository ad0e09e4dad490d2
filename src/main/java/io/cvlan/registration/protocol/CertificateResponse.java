package io.cvlan.registration.protocol;

/**
 * Answer to {@code GET /client/certificate} (mTLS): the node's current certificate once the operator has
 * renewed it; {@code private_key} only when the operator generated the key (no CSR).
 */
public record CertificateResponse(String nodeId, String certificate, String privateKey, String caChain) {
  /** Never prints the private key. */
  @Override
  public String toString() {
    return "CertificateResponse[nodeId=" + nodeId + "]";
  }
}
