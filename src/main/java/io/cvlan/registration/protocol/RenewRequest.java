package io.cvlan.registration.protocol;

/**
 * {@code POST /vrouter/renew} (an addition to DESIGN §4, mTLS): a CSR for the key the vrouter keeps; without
 * one the answer is the certificate (and key) of its Secret.
 */
public record RenewRequest(String csr) {
  @Override
  public String toString() {
    return "RenewRequest[csr=" + (csr == null ? "<none>" : "<present>") + "]";
  }
}
