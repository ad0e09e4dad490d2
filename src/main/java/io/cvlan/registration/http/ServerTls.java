package io.cvlan.registration.http;

/** The serving certificate of the registration API, PEM: the chain (leaf first) and its private key. */
public record ServerTls(String certificateChainPem, String privateKeyPem, String caPem) {
  @Override
  public String toString() {
    return "ServerTls[<redacted>]";
  }
}
