package io.cvlan.agent.wireguard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A device in memory for tests of the layers above: it applies {@link PeerDiff.Changes} the way a real
 * device does (so an incomplete diff shows) and remembers every batch it was given.
 */
public final class InMemoryBackend implements WireGuardBackend {
  private Optional<String> privateKey = Optional.empty();
  private int listenPort;
  private final Map<String, PeerConfig> peers = new LinkedHashMap<>();
  private final List<PeerDiff.Changes> applied = new ArrayList<>();

  @Override
  public synchronized DeviceState read() {
    return new DeviceState(privateKey, listenPort, List.copyOf(peers.values()));
  }

  @Override
  public synchronized void apply(PeerDiff.Changes changes, InterfaceConfig desired) {
    changes.privateKey().ifPresent(key -> privateKey = Optional.of(key));
    changes.listenPort().ifPresent(port -> listenPort = port);
    changes.removedPublicKeys().forEach(peers::remove);
    changes.updated().forEach(peer -> peers.computeIfPresent(peer.publicKey(), (key, now) -> merge(now, peer)));
    changes.added().forEach(peer -> peers.put(peer.publicKey(), peer));
    applied.add(changes);
  }

  /** Every batch applied so far, oldest first. */
  public synchronized List<PeerDiff.Changes> applied() {
    return List.copyOf(applied);
  }

  // Like a device: an update without an endpoint keeps the endpoint it has.
  private static PeerConfig merge(PeerConfig now, PeerConfig update) {
    return update.endpoint().isPresent() ? update : update.withEndpoint(now.endpoint().orElse(null));
  }
}
