package io.cvlan.agent.wireguard;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An interface as read back from the device: no private key until one is set, the port it listens on
 * (chosen by the device when none was set), its peers. {@link #toString()} never shows the private key.
 */
public record DeviceState(Optional<String> privateKey, int listenPort, List<PeerConfig> peers) {

  public static final DeviceState EMPTY = new DeviceState(Optional.empty(), 0, List.of());

  public DeviceState {
    Objects.requireNonNull(privateKey, "privateKey");
    peers = peers == null ? List.of() : List.copyOf(peers);
  }

  public Optional<String> publicKey() {
    return privateKey.map(WireGuardKeys::publicKeyOf);
  }

  @Override
  public String toString() {
    return "DeviceState[privateKey=" + (privateKey.isPresent() ? "<redacted>" : "<none>") + ", listenPort=" + listenPort
        + ", peers=" + peers + "]";
  }
}
