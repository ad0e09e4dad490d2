package io.cvlan.registration.poll;

import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.PeerPolicy;
import io.cvlan.peers.Peer;
import io.cvlan.peers.PeerEndpoint;
import io.cvlan.peers.PeerKind;
import io.cvlan.peers.PeerSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The peer history of one CVLAN and what each member is told, as tables of snapshots. */
class PeerHistoryTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final PeerHistory.Limits LIMITS = PeerHistory.Limits.DEFAULT;

  static Peer node(String id, String... taints) {
    return Peer.node(id, "key-" + id, "10.0.0." + (id.hashCode() & 0x7f), null, List.of(), Arrays.asList(taints));
  }

  static Peer router(String id) {
    return new Peer(id, "key-" + id, "10.0.0.254", null, List.of(), List.of(), PeerKind.vrouter, List.of("192.168.0.0/24"));
  }

  static PeerSnapshot snapshot(long version, Peer... peers) {
    Map<String, Peer> byId = new TreeMap<>();
    for (Peer p : peers) {
      byId.put(p.id(), p);
    }
    return new PeerSnapshot(version, byId, Optional.empty());
  }

  static List<String> ids(List<Peer> peers) {
    return peers.stream().map(Peer::id).toList();
  }

  @Test
  void clientWithoutVersionGetsTheFullList() {
    PeerHistory history = PeerHistory.start(snapshot(3, node("a"), node("b")), LIMITS);

    PeerDelta delta = history.since(null);

    assertThat(delta.full()).isTrue();
    assertThat(ids(delta.changed())).containsExactly("a", "b");
    assertThat(history.since(0L).full()).isTrue();
  }

  @Test
  void clientAtTheCurrentVersionIsToldNothing() {
    PeerHistory history = PeerHistory.start(snapshot(3, node("a")), LIMITS);

    assertThat(history.since(3L).empty()).isTrue();
  }

  @Test
  void joinIsAChangedPeerAndLeaveARemovedId() {
    PeerHistory history = PeerHistory.start(snapshot(3, node("a"), node("b")), LIMITS)
        .advance(snapshot(4, node("a"), node("b"), node("c")), T0)
        .advance(snapshot(5, node("a"), node("c")), T0.plusSeconds(1));

    assertThat(ids(history.since(3L).changed())).containsExactly("c");
    assertThat(history.since(3L).removed()).containsExactly("b");
    assertThat(ids(history.since(4L).changed())).isEmpty();
    assertThat(history.since(4L).removed()).containsExactly("b");
    assertThat(history.since(5L).empty()).isTrue();
  }

  @Test
  void changedEndpointsMakeAChangedPeer() {
    Peer moved = Peer.node("a", "key-a", node("a").ipv4(), null, List.of(new PeerEndpoint("203.0.113.7", 51820)), List.of());
    PeerHistory history = PeerHistory.start(snapshot(3, node("a"), node("b")), LIMITS).advance(snapshot(4, moved, node("b")), T0);

    PeerDelta delta = history.since(3L);

    assertThat(delta.changed()).containsExactly(moved);
    assertThat(delta.removed()).isEmpty();
  }

  @Test
  void peerThatJoinedAndLeftSinceTheClientsVersionIsOnlyRemoved() {
    PeerHistory history = PeerHistory.start(snapshot(3, node("a")), LIMITS)
        .advance(snapshot(4, node("a"), node("b")), T0)
        .advance(snapshot(5, node("a")), T0);

    assertThat(history.since(3L).changed()).isEmpty();
    assertThat(history.since(3L).removed()).containsExactly("b");
  }

  @Test
  void clientOlderThanTheKeptVersionsGetsTheFullList() {
    PeerHistory history = PeerHistory.start(snapshot(3, node("a")), new PeerHistory.Limits(2, Duration.ofMinutes(10)))
        .advance(snapshot(4, node("a"), node("b")), T0)
        .advance(snapshot(5, node("a"), node("b"), node("c")), T0)
        .advance(snapshot(6, node("a"), node("c")), T0);

    assertThat(history.since(3L).full()).isTrue();
    assertThat(history.since(4L).full()).isFalse();
    assertThat(history.since(4L).removed()).containsExactly("b");
  }

  @Test
  void historyOlderThanTheMaximumAgeIsForgotten() {
    PeerHistory history = PeerHistory.start(snapshot(3, node("a")), new PeerHistory.Limits(1000, Duration.ofMinutes(10)))
        .advance(snapshot(4, node("a"), node("b")), T0)
        .advance(snapshot(5, node("a"), node("b"), node("c")), T0.plus(Duration.ofMinutes(11)));

    assertThat(history.since(3L).full()).isTrue();
    assertThat(ids(history.since(4L).changed())).containsExactly("c");
  }

  @Test
  void clientAheadOfThisReplicaOrOfARecreatedCvlanGetsTheFullList() {
    PeerHistory history = PeerHistory.start(snapshot(9, node("a")), LIMITS).advance(snapshot(1, node("z")), T0);

    PeerDelta delta = history.since(9L);

    assertThat(delta.full()).isTrue();
    assertThat(ids(delta.changed())).containsExactly("z");
  }

  @Test
  void shardsOfOnePublishArrivingOneByOneJoinTheSameVersion() {
    PeerHistory history = PeerHistory.start(snapshot(3, node("a"), node("b")), LIMITS)
        .advance(snapshot(4, node("a"), node("b"), node("c")), T0)
        .advance(snapshot(4, node("a"), node("c"), node("d")), T0);

    assertThat(ids(history.since(3L).changed())).containsExactly("c", "d");
    assertThat(history.since(3L).removed()).containsExactly("b");
  }

  @Test
  void isolatedMemberSeesOnlyPeersSharingATaint() {
    Peer self = node("a", "red");
    PeerHistory history = PeerHistory.start(snapshot(3, self), LIMITS)
        .advance(snapshot(4, self, node("b", "red"), node("c", "blue"), router("vrouter-x")), T0);

    MemberView.View isolated = MemberView.of(history.since(3L), self, history.snapshot().peers().values(), PeerPolicy.Isolated);
    MemberView.View open = MemberView.of(history.since(3L), self, history.snapshot().peers().values(), PeerPolicy.Open);

    assertThat(ids(isolated.peers())).containsExactly("b", "vrouter-x");
    assertThat(ids(open.peers())).containsExactly("b", "c", "vrouter-x");
  }

  @Test
  void peerWhoseTaintsMovedAwayIsRemovedForThatMember() {
    Peer self = node("a", "red");
    PeerHistory history = PeerHistory.start(snapshot(3, self, node("b", "red")), LIMITS)
        .advance(snapshot(4, self, node("b", "blue")), T0);

    MemberView.View view = MemberView.of(history.since(3L), self, history.snapshot().peers().values(), PeerPolicy.Isolated);

    assertThat(view.peers()).isEmpty();
    assertThat(view.removed()).containsExactly("b");
    assertThat(view.keepalive()).isFalse();
  }

  @Test
  void memberNeverSeesItselfAndGetsTheFullListWhenItChanged() {
    Peer before = node("a", "red");
    Peer after = node("a", "blue");
    PeerHistory history = PeerHistory.start(snapshot(3, before, node("b", "red"), node("c", "blue")), LIMITS)
        .advance(snapshot(4, after, node("b", "red"), node("c", "blue")), T0);

    MemberView.View view = MemberView.of(history.since(3L), after, history.snapshot().peers().values(), PeerPolicy.Isolated);

    assertThat(view.full()).isTrue();
    assertThat(ids(view.peers())).containsExactly("c");
  }

  @Test
  void vrouterSeesEveryMember() {
    Peer self = router("vrouter-x");
    PeerHistory history = PeerHistory.start(snapshot(3, self, node("a", "red"), node("b", "blue")), LIMITS);

    MemberView.View view = MemberView.of(history.since(null), self, history.snapshot().peers().values(), PeerPolicy.Isolated);

    assertThat(ids(view.peers())).containsExactly("a", "b");
  }
}
