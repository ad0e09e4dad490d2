package io.cvlan.agent.wireguard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WireGuard programmed with the {@code wg} tool: what the kernel module needs, and it drives a userspace
 * device as well. All changes go in one {@code wg set}; the private key goes through stdin.
 */
public final class WgToolBackend implements WireGuardBackend {
  private static final Logger log = LoggerFactory.getLogger(WgToolBackend.class);

  private final String iface;
  private final Optional<String> netns;

  public WgToolBackend(String iface, Optional<String> netns) {
    this.iface = Objects.requireNonNull(iface, "iface");
    this.netns = Objects.requireNonNull(netns, "netns");
  }

  @Override
  public DeviceState read() throws IOException {
    return parseDump(HostCommands.run(HostCommands.inNetns(netns, List.of("wg", "show", iface, "dump"))));
  }

  @Override
  public void apply(PeerDiff.Changes changes, InterfaceConfig desired) throws IOException {
    if (changes.isEmpty()) {
      return;
    }
    byte[] stdin = changes.privateKey().map(key -> (key + "\n").getBytes(StandardCharsets.US_ASCII)).orElse(null);
    HostCommands.run(HostCommands.inNetns(netns, setCommand(iface, changes)), stdin);
    log.debug("iface={} netns={} added={} updated={} removed={} privateKeyChanged={} peers={} applied", iface,
        netns.orElse("-"), changes.added().size(), changes.updated().size(), changes.removedPublicKeys().size(),
        changes.privateKey().isPresent(), desired.peers().size());
  }

  /** The one {@code wg set} for {@code changes}; a new private key is read from stdin, never an argument. */
  static List<String> setCommand(String iface, PeerDiff.Changes changes) {
    List<String> command = new ArrayList<>(8 + 9 * changes.peerChanges());
    command.addAll(List.of("wg", "set", iface));
    if (changes.privateKey().isPresent()) {
      command.addAll(List.of("private-key", "/dev/stdin"));
    }
    changes.listenPort().ifPresent(port -> command.addAll(List.of("listen-port", Integer.toString(port))));
    for (String key : changes.removedPublicKeys()) {
      command.addAll(List.of("peer", key, "remove"));
    }
    changes.updated().forEach(peer -> peer(command, peer));
    changes.added().forEach(peer -> peer(command, peer));
    return command;
  }

  private static void peer(List<String> command, PeerConfig peer) {
    command.addAll(List.of("peer", peer.publicKey()));
    peer.endpoint().ifPresent(endpoint -> command.addAll(List.of("endpoint", endpoint)));
    command.addAll(List.of("persistent-keepalive",
        peer.persistentKeepalive() == 0 ? "off" : Integer.toString(peer.persistentKeepalive())));
    // wg replaces the allowed IPs with this list; an empty one clears them.
    command.addAll(List.of("allowed-ips", String.join(",", peer.allowedIps())));
  }

  /**
   * {@code wg show <iface> dump}: a tab-separated interface line (private key, public key, port, fwmark),
   * then one line per peer (public key, preshared key, endpoint, allowed IPs, handshake, rx, tx, keepalive).
   */
  static DeviceState parseDump(String dump) {
    String[] lines = dump.strip().split("\n");
    String[] device = lines[0].split("\t");
    if (device.length < 4) {
      throw new IllegalArgumentException("wg dump interface line has " + device.length + " fields, expected 4");
    }
    Optional<String> privateKey = none(device[0]);
    int listenPort = Integer.parseInt(device[2]);
    List<PeerConfig> peers = new ArrayList<>(lines.length - 1);
    for (int i = 1; i < lines.length; i++) {
      String[] fields = lines[i].split("\t");
      if (fields.length < 8) {
        throw new IllegalArgumentException("wg dump peer line " + i + " has " + fields.length + " fields, expected 8");
      }
      List<String> allowedIps = none(fields[3]).map(ips -> List.of(ips.split(","))).orElse(List.of());
      int keepalive = "off".equals(fields[7]) ? 0 : Integer.parseInt(fields[7]);
      peers.add(new PeerConfig(fields[0], none(fields[2]), allowedIps, keepalive));
    }
    return new DeviceState(privateKey, listenPort, peers);
  }

  private static Optional<String> none(String field) {
    return "(none)".equals(field) || field.isEmpty() ? Optional.empty() : Optional.of(field);
  }

  @Override
  public String toString() {
    return "WgToolBackend[" + iface + netns.map(ns -> " netns=" + ns).orElse("") + "]";
  }
}
