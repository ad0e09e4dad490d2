package io.cvlan.agent.wireguard;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The desired state of one WireGuard interface. A listen port of 0 leaves the port to the device (and is
 * never a change). {@link #toString()} never shows the private key.
 */
public record InterfaceConfig(String privateKey, int listenPort, List<PeerConfig> peers) {

  public InterfaceConfig {
    WireGuardKeys.requireValid(privateKey, "interface private key");
    if (listenPort < 0 || listenPort > 65535) {
      throw new IllegalArgumentException("listen port must be 0..65535, not " + listenPort);
    }
    peers = peers == null ? List.of() : List.copyOf(peers);
    Set<String> seen = new HashSet<>();
    for (PeerConfig peer : peers) {
      if (!seen.add(peer.publicKey())) {
        throw new IllegalArgumentException("peer listed twice: " + peer.publicKey());
      }
    }
  }

  public InterfaceConfig withPeers(List<PeerConfig> newPeers) {
    return new InterfaceConfig(privateKey, listenPort, newPeers);
  }

  @Override
  public String toString() {
    return "InterfaceConfig[privateKey=<redacted>, listenPort=" + listenPort + ", peers=" + peers.size() + "]";
  }
}
