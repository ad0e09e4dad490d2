package io.cvlan.peers;

import static io.cvlan.testing.TestResources.endpoint;
import static io.cvlan.testing.TestResources.publicKeyOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.cvlan.api.v1alpha1.NodePhase;
import io.cvlan.api.v1alpha1.NodeStatus;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.api.v1alpha1.VRouter;
import io.cvlan.api.v1alpha1.VRouterAddress;
import io.cvlan.api.v1alpha1.VRouterStatus;
import io.cvlan.testing.TestResources;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Who appears in a CVLAN's peer list, and as what. */
class PeerMembershipTest {
  static OverlayNode laptop() {
    OverlayNode node = TestResources.readyNode("laptop", "blue", "10.100.0.7");
    node.getStatus().setIpv6("fd00:100::7");
    node.getSpec().setEndpoints(List.of(endpoint("198.51.100.7", 51820), endpoint("2001:db8::7", 51821)));
    node.getSpec().setTaints(List.of("team-a"));
    return node;
  }

  /** VRouter "edge" serving blue and red, registered with a key and an address in each. */
  static VRouter edge() {
    VRouter edge = TestResources.vrouter("edge", "blue", "red");
    edge.getSpec().setRoutes(List.of("192.168.50.0/24"));
    edge.setStatus(new VRouterStatus());
    edge.getStatus().setPublicKey(publicKeyOf("edge"));
    edge.getStatus().setAddresses(List.of(new VRouterAddress("blue", "10.100.255.1", "fd00:100::ff"),
        new VRouterAddress("red", "10.101.255.1", null)));
    return edge;
  }

  static <T> T with(T resource, Consumer<T> change) {
    change.accept(resource);
    return resource;
  }

  @Test
  void aReadyNodeIsAPeerWithItsAddressesEndpointsAndTaints() {
    assertThat(PeerMembership.ofNode(laptop())).contains(Peer.node("laptop", publicKeyOf("laptop"), "10.100.0.7", "fd00:100::7",
        List.of(new PeerEndpoint("198.51.100.7", 51820), new PeerEndpoint("2001:db8::7", 51821)), List.of("team-a")));
  }

  static Stream<Arguments> nodesThatAreNoPeers() {
    return Stream.of(
        Arguments.of("without status", with(laptop(), n -> n.setStatus(null))),
        Arguments.of("with an empty status", with(laptop(), n -> n.setStatus(new NodeStatus()))),
        Arguments.of("Pending", with(laptop(), n -> n.getStatus().setPhase(NodePhase.Pending))),
        Arguments.of("Expired", with(laptop(), n -> n.getStatus().setPhase(NodePhase.Expired))),
        Arguments.of("Ready without an IPv4 address", with(laptop(), n -> n.getStatus().setIpv4(null))));
  }

  @ParameterizedTest(name = "a node {0}")
  @MethodSource("nodesThatAreNoPeers")
  void onlyAReadyNodeWithAnAddressIsAPeer(String what, OverlayNode node) {
    assertThat(PeerMembership.ofNode(node)).isEmpty();
  }

  /** laptop as the registration request creates it: addresses in its spec, no status yet. */
  static OverlayNode provisioned() {
    return with(laptop(), n -> {
      n.getSpec().setIpv4("10.100.0.7");
      n.getSpec().setIpv6("fd00:100::7");
      n.setStatus(null);
    });
  }

  @Test
  void aNodeCreatedWithItsAddressesIsAPeerBeforeItsStatusIsWritten() {
    assertThat(PeerMembership.ofNode(provisioned())).contains(Peer.node("laptop", publicKeyOf("laptop"), "10.100.0.7", "fd00:100::7",
        List.of(new PeerEndpoint("198.51.100.7", 51820), new PeerEndpoint("2001:db8::7", 51821)), List.of("team-a")));
  }

  @Test
  void aProvisionedNodeIsAPeerWithTheAddressesOfItsSpecWhateverItsStatusSays() {
    OverlayNode confirmed = with(provisioned(), n -> {
      n.setStatus(new NodeStatus());
      n.getStatus().setPhase(NodePhase.Ready);
      n.getStatus().setIpv4("10.100.0.99");
    });

    assertThat(PeerMembership.ofNode(confirmed)).map(Peer::ipv4).contains("10.100.0.7");
  }

  static Stream<Arguments> provisionedNodesThatAreNoPeers() {
    return Stream.of(
        Arguments.of("whose reconciler found it Pending (an address conflict)", with(provisioned(), n -> {
          n.setStatus(new NodeStatus());
          n.getStatus().setPhase(NodePhase.Pending);
        })),
        Arguments.of("Expired", with(provisioned(), n -> {
          n.setStatus(new NodeStatus());
          n.getStatus().setPhase(NodePhase.Expired);
        })),
        Arguments.of("being deleted", with(provisioned(), n -> n.getMetadata().setDeletionTimestamp("2026-11-28T08:00:00Z"))),
        Arguments.of("Ready but being deleted", with(laptop(), n -> n.getMetadata().setDeletionTimestamp("2026-11-28T08:00:00Z"))));
  }

  @ParameterizedTest(name = "a node {0}")
  @MethodSource("provisionedNodesThatAreNoPeers")
  void aNodeLeavesThePeersWhenItsDeletionStartsOrItsReconcilerFindsItNotReady(String what, OverlayNode node) {
    assertThat(PeerMembership.ofNode(node)).isEmpty();
  }

  @Test
  void aRegisteredVRouterIsAPeerWithItsAddressInThatCvlanAndItsRoutes() {
    assertThat(PeerMembership.ofVRouter(edge(), "blue")).contains(new Peer("vrouter-edge", publicKeyOf("edge"), "10.100.255.1",
        "fd00:100::ff", List.of(), List.of(), PeerKind.vrouter, List.of("192.168.50.0/24")));
    assertThat(PeerMembership.ofVRouter(edge(), "red")).contains(new Peer("vrouter-edge", publicKeyOf("edge"), "10.101.255.1",
        null, List.of(), List.of(), PeerKind.vrouter, List.of("192.168.50.0/24")));
  }

  static Stream<Arguments> vroutersThatAreNoPeersOfBlue() {
    return Stream.of(
        Arguments.of("without status", with(edge(), v -> v.setStatus(null))),
        Arguments.of("without a public key", with(edge(), v -> v.getStatus().setPublicKey(null))),
        Arguments.of("without an address in blue", with(edge(), v -> v.getStatus().setAddresses(
            List.of(new VRouterAddress("red", "10.101.255.1", null))))),
        Arguments.of("whose blue address has no IPv4", with(edge(), v -> v.getStatus().setAddresses(
            List.of(new VRouterAddress("blue", null, "fd00:100::ff"))))));
  }

  @ParameterizedTest(name = "a vrouter {0}")
  @MethodSource("vroutersThatAreNoPeersOfBlue")
  void onlyAVRouterWithAKeyAndAnAddressInTheCvlanIsAPeer(String what, VRouter vrouter) {
    assertThat(PeerMembership.ofVRouter(vrouter, "blue")).isEmpty();
  }

  @Test
  void membersAreTheReadyNodesAndRegisteredVRoutersOfThatCvlanInIdOrder() {
    OverlayNode zulu = TestResources.readyNode("zulu", "blue", "10.100.0.9");
    OverlayNode pending = with(TestResources.readyNode("pending", "blue", "10.100.0.8"), n -> n.getStatus().setPhase(NodePhase.Pending));
    OverlayNode ofRed = TestResources.readyNode("of-red", "red", "10.101.0.2");
    VRouter notServingBlue = with(edge(), v -> {
      v.getMetadata().setName("core");
      v.getSpec().setCvlans(List.of("red"));
    });

    assertThat(PeerMembership.members("blue", List.of(zulu, laptop(), pending, ofRed), List.of(notServingBlue, edge())))
        .containsExactly(
            entry("laptop", PeerMembership.ofNode(laptop()).orElseThrow()),
            entry("vrouter-edge", PeerMembership.ofVRouter(edge(), "blue").orElseThrow()),
            entry("zulu", PeerMembership.ofNode(zulu).orElseThrow()));
  }

  @Test
  void aVRouterNeverTakesTheIdOfANodeWithTheSameName() {
    OverlayNode node = TestResources.readyNode("edge", "blue", "10.100.0.2");

    assertThat(PeerMembership.members("blue", List.of(node), List.of(edge())).keySet()).containsExactly("edge", "vrouter-edge");
  }
}
