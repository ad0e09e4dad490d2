package io.cvlan.agent.wireguard;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One WireGuard peer as desired or as read back. {@code endpoint} is {@code host:port} ({@code [v6]:port});
 * {@code allowedIps} are kept in their canonical CIDR form; a keepalive of 0 means off.
 */
public record PeerConfig(String publicKey, Optional<String> endpoint, List<String> allowedIps, int persistentKeepalive) {

  public PeerConfig {
    WireGuardKeys.requireValid(publicKey, "peer public key");
    Objects.requireNonNull(endpoint, "endpoint");
    endpoint.ifPresent(PeerConfig::requireHostPort);
    allowedIps = allowedIps == null ? List.of() : allowedIps.stream().map(Cidrs::canonical).toList();
    if (persistentKeepalive < 0 || persistentKeepalive > 65535) {
      throw new IllegalArgumentException("persistent keepalive must be 0..65535 seconds, not " + persistentKeepalive);
    }
  }

  public static PeerConfig of(String publicKey, String endpoint, List<String> allowedIps, int persistentKeepalive) {
    return new PeerConfig(publicKey, Optional.ofNullable(endpoint), allowedIps, persistentKeepalive);
  }

  public PeerConfig withEndpoint(String newEndpoint) {
    return new PeerConfig(publicKey, Optional.ofNullable(newEndpoint), allowedIps, persistentKeepalive);
  }

  public PeerConfig withAllowedIps(List<String> newAllowedIps) {
    return new PeerConfig(publicKey, endpoint, newAllowedIps, persistentKeepalive);
  }

  public PeerConfig withPersistentKeepalive(int seconds) {
    return new PeerConfig(publicKey, endpoint, allowedIps, seconds);
  }

  private static void requireHostPort(String endpoint) {
    int colon = endpoint.lastIndexOf(':');
    if (colon <= 0 || colon == endpoint.length() - 1) {
      throw new IllegalArgumentException("endpoint must be host:port, not " + endpoint);
    }
    int port;
    try {
      port = Integer.parseInt(endpoint.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("endpoint port must be a number: " + endpoint);
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("endpoint port must be 1..65535: " + endpoint);
    }
  }
}
