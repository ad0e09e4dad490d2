package io.cvlan.agent.wireguard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What must change on a device to reach the desired state: a pure function of the state read back and the
 * state desired. Peers that are already right are left alone, so a sync never tears the interface down and
 * never interrupts a session that works.
 */
public final class PeerDiff {
  private PeerDiff() {}

  /**
   * The changes to apply, in the order a backend should apply them. {@code updated} carries each peer's full
   * desired settings (a backend replaces its allowed IPs). {@link #toString()} never shows the private key.
   */
  public record Changes(Optional<String> privateKey, OptionalInt listenPort, List<PeerConfig> added,
      List<PeerConfig> updated, List<String> removedPublicKeys) {

    public static final Changes NONE = new Changes(Optional.empty(), OptionalInt.empty(), List.of(), List.of(), List.of());

    public Changes {
      Objects.requireNonNull(privateKey, "privateKey");
      Objects.requireNonNull(listenPort, "listenPort");
      added = List.copyOf(added);
      updated = List.copyOf(updated);
      removedPublicKeys = List.copyOf(removedPublicKeys);
    }

    public boolean isEmpty() {
      return privateKey.isEmpty() && listenPort.isEmpty() && added.isEmpty() && updated.isEmpty()
          && removedPublicKeys.isEmpty();
    }

    /** The number of peers touched: what a log line or a metric reports. */
    public int peerChanges() {
      return added.size() + updated.size() + removedPublicKeys.size();
    }

    @Override
    public String toString() {
      return "Changes[privateKey=" + (privateKey.isPresent() ? "<changed>" : "<same>") + ", listenPort=" + listenPort
          + ", added=" + added + ", updated=" + updated + ", removedPublicKeys=" + removedPublicKeys + "]";
    }
  }

  public static Changes between(DeviceState current, InterfaceConfig desired) {
    Optional<String> privateKey = sameKey(current.privateKey(), desired.privateKey())
        ? Optional.empty() : Optional.of(desired.privateKey());
    // Port 0 asks for "any port": the device's choice is then never a difference to correct.
    OptionalInt listenPort = desired.listenPort() == 0 || desired.listenPort() == current.listenPort()
        ? OptionalInt.empty() : OptionalInt.of(desired.listenPort());

    Map<String, PeerConfig> existing = new LinkedHashMap<>();
    current.peers().forEach(peer -> existing.put(peer.publicKey(), peer));
    List<PeerConfig> added = new ArrayList<>();
    List<PeerConfig> updated = new ArrayList<>();
    for (PeerConfig peer : desired.peers()) {
      PeerConfig now = existing.get(peer.publicKey());
      if (now == null) {
        added.add(peer);
      } else if (!sameSettings(now, peer)) {
        updated.add(peer);
      }
    }
    HashSet<String> wanted = new HashSet<>();
    desired.peers().forEach(peer -> wanted.add(peer.publicKey()));
    List<String> removed = existing.keySet().stream().filter(key -> !wanted.contains(key)).toList();
    return new Changes(privateKey, listenPort, added, updated, removed);
  }

  /**
   * Whether a peer read back already has the desired settings. Allowed IPs compare as a set of networks. An
   * endpoint not desired is not compared: the device learns one when the peer reaches us first, and that is
   * no drift to undo.
   */
  static boolean sameSettings(PeerConfig current, PeerConfig desired) {
    return current.persistentKeepalive() == desired.persistentKeepalive()
        && (current.allowedIps().equals(desired.allowedIps())
            || new HashSet<>(current.allowedIps()).equals(new HashSet<>(desired.allowedIps())))
        && (desired.endpoint().isEmpty() || desired.endpoint().equals(current.endpoint()));
  }

  private static boolean sameKey(Optional<String> current, String desired) {
    return current.isPresent() && Arrays.equals(
        WireGuardKeys.decode(current.get(), "current private key"), WireGuardKeys.decode(desired, "desired private key"));
  }
}
