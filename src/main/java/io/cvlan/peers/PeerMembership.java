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
 * Who appears in a CVLAN's peer list: nodes with their addresses, and the VRouters serving the CVLAN once
 * they have registered a public key. A VRouter's key is prefixed so it never collides with a node id.
 * A node created with its addresses (the registration request provisioned them) is a member from its
 * creation until its deletion starts, unless its reconciler has since found it not Ready (expired, an
 * address conflict): peers learn of a join without waiting for the confirming status write. A node from
 * before requests provisioned addresses is a member while Ready.
 */
public final class PeerMembership {
  public static final String VROUTER_PREFIX = "vrouter-";

  private PeerMembership() {}

  public static Optional<Peer> ofNode(OverlayNode node) {
    var status = node.getStatus();
    var spec = node.getSpec();
    if (node.getMetadata().getDeletionTimestamp() != null) {
      return Optional.empty();
    }
    String ipv4;
    String ipv6;
    if (spec.getIpv4() != null) {
      if (status != null && status.getPhase() != null && status.getPhase() != NodePhase.Ready) {
        return Optional.empty();
      }
      ipv4 = spec.getIpv4();
      ipv6 = spec.getIpv6();
    } else {
      if (status == null || status.getPhase() != NodePhase.Ready || status.getIpv4() == null) {
        return Optional.empty();
      }
      ipv4 = status.getIpv4();
      ipv6 = status.getIpv6();
    }
    List<PeerEndpoint> endpoints = spec.getEndpoints().stream().map(e -> new PeerEndpoint(e.getHost(), e.getPort())).toList();
    return Optional.of(new Peer(node.getMetadata().getName(), spec.getPublicKey(), ipv4, ipv6,
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
