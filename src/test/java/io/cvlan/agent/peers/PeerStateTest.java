package io.cvlan.agent.peers;

import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.PeerPolicy;
import io.cvlan.peers.Peer;
import io.cvlan.peers.PeerKind;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PeerStateTest {
  static final String KEY = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

  static Peer node(String id, String ipv4, String... taints) {
    return new Peer(id, KEY, ipv4, null, List.of(), List.of(taints), PeerKind.node, List.of());
  }

  static List<String> ids(PeerView view) {
    return view.peers().stream().map(Peer::id).toList();
  }

  @Test
  void viewNeverContainsTheNodeItself() {
    PeerState state = new PeerState("a");
    state.replace(List.of(node("a", "10.0.0.2"), node("b", "10.0.0.3")), 4, Optional.empty());

    assertThat(ids(state.view(PeerPolicy.Open))).containsExactly("b");
    assertThat(state.view(PeerPolicy.Open).version()).isEqualTo(4);
  }

  @Test
  void deltasAddChangeAndRemovePeers() {
    PeerState state = new PeerState("a");
    state.replace(List.of(node("a", "10.0.0.2"), node("b", "10.0.0.3"), node("c", "10.0.0.4")), 4, Optional.empty());

    state.apply(List.of(node("b", "10.0.0.9"), node("d", "10.0.0.5")), List.of("c"), 5, Optional.empty());

    assertThat(state.view(PeerPolicy.Open).peers()).extracting(Peer::id, Peer::ipv4)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("b", "10.0.0.9"), org.assertj.core.groups.Tuple.tuple("d", "10.0.0.5"));
    assertThat(state.version()).isEqualTo(5);
  }

  @Test
  void fullReplacementDropsPeersNoLongerListed() {
    PeerState state = new PeerState("a");
    state.replace(List.of(node("a", "10.0.0.2"), node("b", "10.0.0.3")), 4, Optional.empty());

    state.replace(List.of(node("a", "10.0.0.2"), node("c", "10.0.0.4")), 9, Optional.empty());

    assertThat(ids(state.view(PeerPolicy.Open))).containsExactly("c");
  }

  @Test
  void isolatedCvlanKeepsOnlyPeersSharingATaint() {
    PeerState state = new PeerState("a");
    state.replace(List.of(node("a", "10.0.0.2", "db"), node("b", "10.0.0.3", "db"), node("c", "10.0.0.4", "web")), 1, Optional.empty());

    assertThat(ids(state.view(PeerPolicy.Isolated))).containsExactly("b");
  }
}
