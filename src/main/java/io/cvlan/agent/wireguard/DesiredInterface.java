package io.cvlan.agent.wireguard;

import io.cvlan.agent.peers.PeerView;
import io.cvlan.peers.CvlanSettings;
import io.cvlan.peers.Peer;
import io.cvlan.peers.PeerEndpoint;
import io.cvlan.peers.PeerKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Everything one node wants of its WireGuard interface for one view of its peers, as a pure function (as
 * Kilo's topology yields its whole {@code Conf()}): the interface with every peer, the VRouter subnets to route
 * into it, and the allowed IPs that two peers claimed.
 *
 * <p>WireGuard keeps an allowed IP on one peer only: setting it on a second peer moves it there, so whichever
 * peer a backend happens to write last would win. The choice is made here instead, the same on every node and
 * for every order of the view: overlay addresses (a member's own /32 and /128) are claimed before advertised
 * routes, so that a VRouter advertising a member's address never takes that member's traffic; within each
 * round the peers claim in the order of their node id (unique in a CVLAN, and what logs name), the public key
 * breaking a tie. The node's own addresses are never a peer's allowed IPs.
 */
public record DesiredInterface(InterfaceConfig config, List<String> routes, List<ClaimedTwice> claimedTwice) {
  /** Seconds between keepalives when the CVLAN does not say: keeps NAT mappings open (the common 25). */
  public static final int DEFAULT_KEEPALIVE = 25;

  private static final Comparator<Peer> CLAIM_ORDER = Comparator.comparing(Peer::id).thenComparing(Peer::publicKey);

  public DesiredInterface {
    Objects.requireNonNull(config, "config");
    routes = List.copyOf(routes);
    claimedTwice = List.copyOf(claimedTwice);
  }

  /** An allowed IP that {@code droppedFrom} also claimed; WireGuard gives it to {@code keptBy} alone. */
  public record ClaimedTwice(String allowedIp, String keptBy, String droppedFrom) {
    @Override
    public String toString() {
      return "allowedIp=" + allowedIp + " keptBy=" + keptBy + " droppedFrom=" + droppedFrom;
    }
  }

  /**
   * The interface of node {@code nodeId}, whose overlay addresses are {@code ownAddresses} (IPs or CIDRs), for
   * {@code view}: every peer with its first endpoint, its allowed IPs (each claimed once) and the CVLAN's
   * keepalive; the routes are the distinct subnets VRouter peers advertise.
   */
  public static DesiredInterface of(String privateKey, int listenPort, PeerView view, String nodeId, Collection<String> ownAddresses) {
    int keepalive = view.settings().map(CvlanSettings::persistentKeepalive).orElse(DEFAULT_KEEPALIVE);
    List<Peer> peers = view.peers().stream().sorted(CLAIM_ORDER).toList();
    Claims claims = new Claims(nodeId, ownAddresses);
    List<List<String>> allowed = new ArrayList<>();
    for (Peer peer : peers) {
      allowed.add(claims.claim(peer, overlayAddresses(peer)));
    }
    List<PeerConfig> configs = new ArrayList<>();
    for (int i = 0; i < peers.size(); i++) {
      Peer peer = peers.get(i);
      allowed.get(i).addAll(claims.claim(peer, peer.routes()));
      configs.add(new PeerConfig(peer.publicKey(), peer.endpoints().stream().findFirst().map(PeerEndpoint::toString), allowed.get(i),
          keepalive));
    }
    Set<String> routes = new LinkedHashSet<>();
    peers.stream().filter(peer -> peer.kind() == PeerKind.vrouter).flatMap(peer -> peer.routes().stream())
        .map(Cidrs::canonical).filter(route -> !claims.isOwn(route)).forEach(routes::add);
    return new DesiredInterface(new InterfaceConfig(privateKey, listenPort, configs), List.copyOf(routes),
        List.copyOf(claims.claimedTwice));
  }

  private static List<String> overlayAddresses(Peer peer) {
    return peer.ipv6() == null ? List.of(peer.ipv4()) : List.of(peer.ipv4(), peer.ipv6());
  }

  /** Who holds each allowed IP so far, by its canonical network; the node itself holds its own addresses. */
  private static final class Claims {
    private final String nodeId;
    private final Set<String> own;
    private final Map<String, String> holders = new HashMap<>();
    private final Set<ClaimedTwice> claimedTwice = new LinkedHashSet<>();

    Claims(String nodeId, Collection<String> ownAddresses) {
      this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
      this.own = ownAddresses.stream().map(Cidrs::canonical).collect(Collectors.toUnmodifiableSet());
    }

    boolean isOwn(String network) {
      return own.contains(network);
    }

    /** The ones of {@code allowedIps} that {@code peer} gets; a peer listing one twice is no conflict. */
    List<String> claim(Peer peer, List<String> allowedIps) {
      List<String> granted = new ArrayList<>();
      for (String allowedIp : allowedIps) {
        String network = Cidrs.canonical(allowedIp);
        String holder = own.contains(network) ? nodeId : holders.putIfAbsent(network, peer.id());
        if (holder == null) {
          granted.add(network);
        } else if (!holder.equals(peer.id())) {
          claimedTwice.add(new ClaimedTwice(network, holder, peer.id()));
        }
      }
      return granted;
    }
  }
}
