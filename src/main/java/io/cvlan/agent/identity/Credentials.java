package io.cvlan.agent.identity;

/** The secret half of an identity: the WireGuard private key and the client certificate with its key and CA chain. */
public record Credentials(String wireguardPrivateKey, String certificatePem, String certificateKeyPem, String caChainPem) {
  @Override
  public String toString() {
    return "Credentials[<redacted>]";
  }
}
