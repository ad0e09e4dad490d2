package io.cvlan.peers;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One member of a CVLAN as its peers see it: a node or a vrouter. {@code ipv6} is null when the CVLAN has
 * no IPv6 network; {@code routes} are the subnets a vrouter advertises (empty for nodes).
 */
public record Peer(String id, String publicKey, String ipv4, String ipv6, List<PeerEndpoint> endpoints,
    List<String> taints, PeerKind kind, List<String> routes) {

  public Peer {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(ipv4, "ipv4");
    Objects.requireNonNull(kind, "kind");
    endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    taints = taints == null ? List.of() : List.copyOf(taints);
    routes = routes == null ? List.of() : List.copyOf(routes);
  }

  /** A node: no routes. */
  public static Peer node(String id, String publicKey, String ipv4, String ipv6, List<PeerEndpoint> endpoints, List<String> taints) {
    return new Peer(id, publicKey, ipv4, ipv6, endpoints, taints, PeerKind.node, List.of());
  }

  /** What WireGuard accepts from this peer: its overlay addresses as host routes, then its routes. */
  public List<String> allowedIps() {
    List<String> allowed = new ArrayList<>(2 + routes.size());
    allowed.add(ipv4 + "/32");
    if (ipv6 != null) {
      allowed.add(ipv6 + "/128");
    }
    allowed.addAll(routes);
    return List.copyOf(allowed);
  }
}
