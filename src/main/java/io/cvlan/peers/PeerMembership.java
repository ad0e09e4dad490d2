package io.cvlan.peers;

import io.cvlan.api.v1alpha1.NodePhase;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.api.v1alpha1.VRouter;
import io.cvlan.api.v1alpha1.VRouterAddress;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Who appears in a CVLAN's peer list: Ready nodes with their addresses, and the VRouters serving the CVLAN
 * once they have registered a public key. A VRouter's key is prefixed so it never collides with a node id.
 */
public final class PeerMembership {
  public static final String VROUTER_PREFIX = "vrouter-";

  private PeerMembership() {}

  public static Optional<Peer> ofNode(OverlayNode node) {
    var status = node.getStatus();
    if (status == null || status.getPhase() != NodePhase.Ready || status.getIpv4() == null) {
      return Optional.empty();
    }
    var spec = node.getSpec();
    List<PeerEndpoint> endpoints = spec.getEndpoints().stream().map(e -> new PeerEndpoint(e.getHost(), e.getPort())).toList();
    return Optional.of(new Peer(node.getMetadata().getName(), spec.getPublicKey(), status.getIpv4(), status.getIpv6(),
        endpoints, spec.getTaints(), PeerKind.node, List.of()));
  }

  public static Optional<Peer> ofVRouter(VRouter vrouter, String cvlan) {
    var status = vrouter.getStatus();
    if (status == null || status.getPublicKey() == null) {
      return Optional.empty();
    }
    return status.getAddresses().stream().filter(a -> cvlan.equals(a.getCvlan()) && a.getIpv4() != null).findFirst()
        .map((VRouterAddress a) -> new Peer(VROUTER_PREFIX + vrouter.getMetadata().getName(), status.getPublicKey(),
            a.getIpv4(), a.getIpv6(), List.of(), List.of(), PeerKind.vrouter, vrouter.getSpec().getRoutes()));
  }

  /** The members of one CVLAN by peer id, in id order. */
  public static Map<String, Peer> members(String cvlan, Collection<OverlayNode> nodes, Collection<VRouter> vrouters) {
    Map<String, Peer> members = new TreeMap<>();
    nodes.stream().filter(n -> cvlan.equals(n.getSpec().getCvlan())).map(PeerMembership::ofNode).flatMap(Optional::stream)
        .forEach(p -> members.put(p.id(), p));
    vrouters.stream().filter(v -> v.getSpec().getCvlans().contains(cvlan)).map(v -> ofVRouter(v, cvlan))
        .flatMap(Optional::stream).forEach(p -> members.put(p.id(), p));
    return members;
  }
}
