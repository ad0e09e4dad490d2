package io.cvlan.agent.wireguard;

import static io.cvlan.agent.wireguard.TestKeys.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.agent.peers.PeerView;
import io.cvlan.agent.wireguard.DesiredInterface.ClaimedTwice;
import io.cvlan.peers.CvlanSettings;
import io.cvlan.peers.Peer;
import io.cvlan.peers.PeerEndpoint;
import io.cvlan.peers.PeerKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DesiredInterfaceTest {
  private static final String OWN_KEY = key(0x40);
  private static final String SELF = "node-self";
  private static final List<String> OWN_ADDRESSES = List.of("10.99.0.1", "fd00:99::1");

  private static Peer node(String id, int key, String ipv4, PeerEndpoint... endpoints) {
    return Peer.node(id, key(key), ipv4, null, List.of(endpoints), List.of());
  }

  private static Peer vrouter(String id, int key, String ipv4, String... routes) {
    return new Peer(id, key(key), ipv4, null, List.of(), List.of(), PeerKind.vrouter, List.of(routes));
  }

  private static CvlanSettings keepalive(Integer seconds) {
    return new CvlanSettings(51820, null, seconds, null, null, null);
  }

  private static DesiredInterface desired(Optional<CvlanSettings> settings, Peer... peers) {
    return DesiredInterface.of(OWN_KEY, 51820, new PeerView(7, List.of(peers), settings), SELF, OWN_ADDRESSES);
  }

  private static DesiredInterface desired(Peer... peers) {
    return desired(Optional.empty(), peers);
  }

  private static PeerConfig peer(DesiredInterface desired, String publicKey) {
    return desired.config().peers().stream().filter(p -> p.publicKey().equals(publicKey)).findFirst().orElseThrow();
  }

  @Test
  void everyPeerOfTheViewBecomesAWireGuardPeerAllowedItsOverlayAddresses() {
    Peer dual = Peer.node("node-b", key(2), "10.99.0.2", "fd00:99::2", List.of(), List.of());

    DesiredInterface desired = desired(node("node-a", 1, "10.99.0.3"), dual);

    assertThat(desired.config().privateKey()).isEqualTo(OWN_KEY);
    assertThat(desired.config().listenPort()).isEqualTo(51820);
    assertThat(desired.config().peers()).extracting(PeerConfig::publicKey).containsExactly(key(1), key(2));
    assertThat(peer(desired, key(1)).allowedIps()).containsExactly("10.99.0.3/32");
    assertThat(peer(desired, key(2)).allowedIps()).containsExactly("10.99.0.2/32", "fd00:99::2/128");
    assertThat(desired.claimedTwice()).isEmpty();
  }

  @Test
  void anEmptyViewLeavesTheInterfaceWithoutPeersOrRoutes() {
    DesiredInterface desired = desired();

    assertThat(desired.config().peers()).isEmpty();
    assertThat(desired.routes()).isEmpty();
  }

  @Test
  void keepaliveIsTwentyFiveSecondsWhenTheCvlanSaysNothing() {
    assertThat(peer(desired(node("node-a", 1, "10.99.0.3")), key(1)).persistentKeepalive()).isEqualTo(25);
    assertThat(peer(desired(Optional.of(keepalive(null)), node("node-a", 1, "10.99.0.3")), key(1)).persistentKeepalive()).isEqualTo(25);
  }

  @Test
  void keepaliveIsTheCvlansWhenItSetsOne() {
    DesiredInterface desired = desired(Optional.of(keepalive(10)), node("node-a", 1, "10.99.0.3"), vrouter("vr-a", 2, "10.99.0.4"));

    assertThat(desired.config().peers()).extracting(PeerConfig::persistentKeepalive).containsOnly(10);
  }

  @Test
  void peerWithoutEndpointHasNoneAndWaitsToBeCalled() {
    assertThat(peer(desired(node("node-a", 1, "10.99.0.3")), key(1)).endpoint()).isEmpty();
  }

  @Test
  void peerWithEndpointsIsReachedAtItsFirst() {
    Peer peer = node("node-a", 1, "10.99.0.3", new PeerEndpoint("192.0.2.3", 51820), new PeerEndpoint("198.51.100.3", 51821));

    assertThat(peer(desired(peer), key(1)).endpoint()).contains("192.0.2.3:51820");
  }

  @Test
  void ipv6EndpointIsBracketedAsWireGuardReadsIt() {
    Peer peer = node("node-a", 1, "10.99.0.3", new PeerEndpoint("2001:db8::3", 51820));

    assertThat(peer(desired(peer), key(1)).endpoint()).contains("[2001:db8::3]:51820");
  }

  @Test
  void vrouterIsAllowedItsSubnetsAndTheyAreRoutedIntoTheInterface() {
    DesiredInterface desired = desired(vrouter("vr-a", 1, "10.99.0.3", "10.50.0.0/24", "10.51.0.0/16"));

    assertThat(peer(desired, key(1)).allowedIps()).containsExactly("10.99.0.3/32", "10.50.0.0/24", "10.51.0.0/16");
    assertThat(desired.routes()).containsExactly("10.50.0.0/24", "10.51.0.0/16");
  }

  @Test
  void onlyVroutersHaveTheirSubnetsRouted() {
    Peer nodeWithRoutes = new Peer("node-a", key(1), "10.99.0.3", null, List.of(), List.of(), PeerKind.node, List.of("10.60.0.0/24"));

    DesiredInterface desired = desired(nodeWithRoutes, vrouter("vr-a", 2, "10.99.0.4", "10.50.0.0/24"));

    assertThat(desired.routes()).containsExactly("10.50.0.0/24");
  }

  @Test
  void subnetAdvertisedByTwoVroutersStaysWithTheLowerNodeIdAndIsReported() {
    DesiredInterface desired = desired(vrouter("vr-b", 1, "10.99.0.3", "10.50.0.0/24"), vrouter("vr-a", 2, "10.99.0.4", "10.50.0.0/24"));

    assertThat(peer(desired, key(2)).allowedIps()).containsExactly("10.99.0.4/32", "10.50.0.0/24");
    assertThat(peer(desired, key(1)).allowedIps()).containsExactly("10.99.0.3/32");
    assertThat(desired.claimedTwice()).containsExactly(new ClaimedTwice("10.50.0.0/24", "vr-a", "vr-b"));
    assertThat(desired.routes()).containsExactly("10.50.0.0/24");
  }

  @Test
  void differentSpellingsOfOneNetworkAreOneClaim() {
    DesiredInterface desired = desired(vrouter("vr-a", 1, "10.99.0.3", "10.50.0.0/24"), vrouter("vr-b", 2, "10.99.0.4", "10.50.0.9/24"));

    assertThat(peer(desired, key(2)).allowedIps()).containsExactly("10.99.0.4/32");
    assertThat(desired.claimedTwice()).containsExactly(new ClaimedTwice("10.50.0.0/24", "vr-a", "vr-b"));
  }

  @Test
  void memberAddressStaysWithTheMemberWhenAVrouterAdvertisesIt() {
    DesiredInterface desired = desired(vrouter("a-router", 1, "10.99.0.3", "10.99.0.9/32"), node("z-node", 2, "10.99.0.9"));

    assertThat(peer(desired, key(2)).allowedIps()).containsExactly("10.99.0.9/32");
    assertThat(peer(desired, key(1)).allowedIps()).containsExactly("10.99.0.3/32");
    assertThat(desired.claimedTwice()).containsExactly(new ClaimedTwice("10.99.0.9/32", "z-node", "a-router"));
  }

  @Test
  void allowedIpListedTwiceByOnePeerIsKeptOnceAndIsNoConflict() {
    DesiredInterface desired = desired(vrouter("vr-a", 1, "10.99.0.3", "10.50.0.0/24", "10.50.0.1/24", "10.99.0.3/32"));

    assertThat(peer(desired, key(1)).allowedIps()).containsExactly("10.99.0.3/32", "10.50.0.0/24");
    assertThat(desired.routes()).containsExactly("10.50.0.0/24", "10.99.0.3/32");
    assertThat(desired.claimedTwice()).isEmpty();
  }

  @Test
  void ownAddressesAreNeverAPeersAllowedIpsNorRoutedAway() {
    DesiredInterface desired = desired(vrouter("vr-a", 1, "10.99.0.3", "10.99.0.1/32", "fd00:99::1/128", "10.50.0.0/24"));

    assertThat(peer(desired, key(1)).allowedIps()).containsExactly("10.99.0.3/32", "10.50.0.0/24");
    assertThat(desired.routes()).containsExactly("10.50.0.0/24");
    assertThat(desired.claimedTwice()).containsExactly(new ClaimedTwice("10.99.0.1/32", SELF, "vr-a"),
        new ClaimedTwice("fd00:99::1/128", SELF, "vr-a"));
  }

  @Test
  void theSameViewInAnotherOrderGivesTheSameInterface() {
    List<Peer> peers = new ArrayList<>(List.of(
        vrouter("vr-c", 3, "10.99.0.5", "10.50.0.0/24", "10.99.0.7/32"),
        vrouter("vr-a", 1, "10.99.0.3", "10.50.0.0/24", "10.52.0.0/24"),
        node("node-b", 2, "10.99.0.7", new PeerEndpoint("192.0.2.7", 51820)),
        vrouter("vr-b", 4, "10.99.0.6", "10.52.0.0/24", "10.50.0.0/24")));
    DesiredInterface first = desired(peers.toArray(Peer[]::new));

    Collections.reverse(peers);
    DesiredInterface reversed = desired(peers.toArray(Peer[]::new));
    Collections.swap(peers, 0, 2);
    DesiredInterface shuffled = desired(peers.toArray(Peer[]::new));

    assertThat(reversed).isEqualTo(first);
    assertThat(shuffled).isEqualTo(first);
    assertThat(first.claimedTwice()).hasSize(4);
  }
}
