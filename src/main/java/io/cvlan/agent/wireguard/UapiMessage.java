package io.cvlan.agent.wireguard;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The text of WireGuard's cross-platform UAPI (https://www.wireguard.com/xplatform/): {@code key=value}
 * lines, keys in hex, a blank line to end a message. Pure: the socket lives in {@link UapiBackend}.
 */
final class UapiMessage {
  static final String GET = "get=1\n\n";

  private UapiMessage() {}

  /**
   * One {@code set=1} message for all of {@code changes}: interface fields, then removals (freeing allowed IPs
   * that may move to another peer), updates ({@code update_only}, so a peer removed meanwhile is not
   * recreated), additions. Allowed IPs are replaced, never appended.
   */
  static String set(PeerDiff.Changes changes) {
    StringBuilder out = new StringBuilder(64 + 200 * changes.peerChanges());
    out.append("set=1\n");
    changes.privateKey().ifPresent(key -> line(out, "private_key", WireGuardKeys.toHex(key)));
    changes.listenPort().ifPresent(port -> line(out, "listen_port", Integer.toString(port)));
    for (String key : changes.removedPublicKeys()) {
      line(out, "public_key", WireGuardKeys.toHex(key));
      line(out, "remove", "true");
    }
    changes.updated().forEach(peer -> peer(out, peer, true));
    changes.added().forEach(peer -> peer(out, peer, false));
    return out.append('\n').toString();
  }

  private static void peer(StringBuilder out, PeerConfig peer, boolean updateOnly) {
    line(out, "public_key", WireGuardKeys.toHex(peer.publicKey()));
    if (updateOnly) {
      line(out, "update_only", "true");
    }
    peer.endpoint().ifPresent(endpoint -> line(out, "endpoint", endpoint));
    line(out, "persistent_keepalive_interval", Integer.toString(peer.persistentKeepalive()));
    line(out, "replace_allowed_ips", "true");
    peer.allowedIps().forEach(cidr -> line(out, "allowed_ip", cidr));
  }

  private static void line(StringBuilder out, String key, String value) {
    out.append(key).append('=').append(value).append('\n');
  }

  /** The errno of a response, which ends {@code errno=N} and a blank line; -1 if there is none. */
  static int errno(String response) {
    int at = response.lastIndexOf("errno=");
    if (at < 0 || (at > 0 && response.charAt(at - 1) != '\n')) {
      return -1;
    }
    int end = response.indexOf('\n', at);
    try {
      return Integer.parseInt(response.substring(at + 6, end < 0 ? response.length() : end).trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The device state in the response to {@code get=1}; statistics and unknown keys are skipped. */
  static DeviceState parseGet(String response) {
    Optional<String> privateKey = Optional.empty();
    int listenPort = 0;
    List<PeerConfig> peers = new ArrayList<>();
    PeerBuilder peer = null;
    for (String line : response.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("UAPI line without '=': " + line);
      }
      String key = line.substring(0, eq);
      String value = line.substring(eq + 1);
      switch (key) {
        case "private_key" -> privateKey = Optional.of(WireGuardKeys.fromHex(value));
        case "listen_port" -> listenPort = Integer.parseInt(value);
        case "public_key" -> {
          if (peer != null) {
            peers.add(peer.build());
          }
          peer = new PeerBuilder(WireGuardKeys.fromHex(value));
        }
        case "endpoint" -> requirePeer(peer, line).endpoint = value;
        case "persistent_keepalive_interval" -> requirePeer(peer, line).keepalive = Integer.parseInt(value);
        case "allowed_ip" -> requirePeer(peer, line).allowedIps.add(value);
        default -> { } // fwmark, handshake times, byte counters, protocol_version, errno
      }
    }
    if (peer != null) {
      peers.add(peer.build());
    }
    return new DeviceState(privateKey, listenPort, peers);
  }

  private static PeerBuilder requirePeer(PeerBuilder peer, String line) {
    if (peer == null) {
      throw new IllegalArgumentException("UAPI peer field before any public_key: " + line);
    }
    return peer;
  }

  private static final class PeerBuilder {
    final String publicKey;
    String endpoint;
    int keepalive;
    final List<String> allowedIps = new ArrayList<>();

    PeerBuilder(String publicKey) {
      this.publicKey = publicKey;
    }

    PeerConfig build() {
      return PeerConfig.of(publicKey, endpoint, allowedIps, keepalive);
    }
  }
}
