package io.cvlan.peers;

import static io.cvlan.peers.TestPeers.node;
import static io.cvlan.peers.TestPeers.vrouter;
import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.PeerPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TopologyTest {
  static final Peer A = node("a", "red");
  static final Peer B = node("b", "red", "green");
  static final Peer C = node("c", "green");
  static final Peer D = node("d");
  static final Peer VR = vrouter("vr", "10.200.0.0/16");
  static final List<Peer> MEMBERS = List.of(VR, D, C, B, A);

  static List<String> ids(List<Peer> peers) {
    return peers.stream().map(Peer::id).toList();
  }

  @Test
  void openPolicyPeersEveryOtherMember() {
    assertThat(ids(Topology.peersOf(A, MEMBERS, PeerPolicy.Open))).containsExactly("b", "c", "d", "vr");
  }

  @Test
  void noPolicyMeansOpen() {
    assertThat(ids(Topology.peersOf(D, MEMBERS, null))).containsExactly("a", "b", "c", "vr");
  }

  @Test
  void isolatedPolicyPeersOnlyMembersSharingATaint() {
    assertThat(ids(Topology.peersOf(A, MEMBERS, PeerPolicy.Isolated))).containsExactly("b", "vr");
    assertThat(ids(Topology.peersOf(B, MEMBERS, PeerPolicy.Isolated))).containsExactly("a", "c", "vr");
    assertThat(ids(Topology.peersOf(C, MEMBERS, PeerPolicy.Isolated))).containsExactly("b", "vr");
  }

  @Test
  void isolatedMemberWithoutTaintsPeersOnlyWithTheVrouters() {
    assertThat(ids(Topology.peersOf(D, MEMBERS, PeerPolicy.Isolated))).containsExactly("vr");
  }

  @Test
  void vrouterPeersWithEveryMemberUnderIsolated() {
    assertThat(ids(Topology.peersOf(VR, MEMBERS, PeerPolicy.Isolated))).containsExactly("a", "b", "c", "d");
  }

  @Test
  void vroutersPeerWithEachOther() {
    Peer other = vrouter("vr-2");

    assertThat(Topology.arePeers(VR, other, PeerPolicy.Isolated)).isTrue();
  }

  @ParameterizedTest
  @EnumSource(PeerPolicy.class)
  void aMemberIsNeverItsOwnPeer(PeerPolicy policy) {
    for (Peer self : MEMBERS) {
      assertThat(Topology.peersOf(self, MEMBERS, policy)).extracting(Peer::id).doesNotContain(self.id());
    }
  }

  @ParameterizedTest
  @EnumSource(PeerPolicy.class)
  void peeringIsSymmetric(PeerPolicy policy) {
    for (Peer x : MEMBERS) {
      for (Peer y : MEMBERS) {
        assertThat(Topology.arePeers(x, y, policy)).as("%s-%s", x.id(), y.id()).isEqualTo(Topology.arePeers(y, x, policy));
      }
    }
  }

  @Test
  void peersAreOrderedByIdWhateverTheMembersOrder() {
    List<Peer> sortedInput = List.of(A, B, C, D, VR);

    assertThat(Topology.peersOf(B, sortedInput, PeerPolicy.Open)).isEqualTo(Topology.peersOf(B, MEMBERS, PeerPolicy.Open));
  }
}
