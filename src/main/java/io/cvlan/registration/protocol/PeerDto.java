package io.cvlan.registration.protocol;

import io.cvlan.peers.Peer;
import java.util.List;

/** One peer as the API sends it: the peer ConfigMap entry plus its id and the allowed IPs to program. */
public record PeerDto(String id, String publicKey, String ipv4, String ipv6, List<EndpointDto> endpoints, List<String> taints,
    String kind, List<String> routes, List<String> allowedIps) {

  public static PeerDto of(Peer peer) {
    return new PeerDto(peer.id(), peer.publicKey(), peer.ipv4(), peer.ipv6(),
        peer.endpoints().stream().map(e -> new EndpointDto(e.host(), e.port())).toList(), peer.taints(), peer.kind().name(),
        peer.routes(), peer.allowedIps());
  }
}
