package io.cvlan.agent.wireguard;

import static io.cvlan.agent.wireguard.TestKeys.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PeerDiffTest {
  private static final String OWN_KEY = key(0x40);
  private static final PeerConfig A = PeerConfig.of(key(1), "192.0.2.1:51820", List.of("10.99.0.1/32"), 25);
  private static final PeerConfig B = PeerConfig.of(key(2), "192.0.2.2:51820", List.of("10.99.0.2/32"), 25);
  private static final PeerConfig C = PeerConfig.of(key(3), null, List.of("10.99.0.3/32", "10.50.0.0/24"), 0);

  private static DeviceState device(PeerConfig... peers) {
    return new DeviceState(Optional.of(OWN_KEY), 51820, List.of(peers));
  }

  private static InterfaceConfig desired(PeerConfig... peers) {
    return new InterfaceConfig(OWN_KEY, 51820, List.of(peers));
  }

  @Test
  void aDeviceAlreadyAsDesiredNeedsNoChange() {
    PeerDiff.Changes changes = PeerDiff.between(device(A, B, C), desired(A, B, C));

    assertThat(changes.isEmpty()).isTrue();
  }

  @Test
  void anEmptyDeviceGetsKeyPortAndEveryPeerAdded() {
    PeerDiff.Changes changes = PeerDiff.between(DeviceState.EMPTY, desired(A, B));

    assertThat(changes.privateKey()).contains(OWN_KEY);
    assertThat(changes.listenPort()).hasValue(51820);
    assertThat(changes.added()).containsExactly(A, B);
    assertThat(changes.updated()).isEmpty();
    assertThat(changes.removedPublicKeys()).isEmpty();
  }

  @Test
  void aPeerNoLongerDesiredIsRemovedAndTheOthersAreLeftAlone() {
    PeerDiff.Changes changes = PeerDiff.between(device(A, B, C), desired(A, C));

    assertThat(changes.removedPublicKeys()).containsExactly(B.publicKey());
    assertThat(changes.added()).isEmpty();
    assertThat(changes.updated()).isEmpty();
  }

  @Test
  void aPeerWithAnotherEndpointIsUpdated() {
    PeerConfig moved = B.withEndpoint("198.51.100.2:51820");

    PeerDiff.Changes changes = PeerDiff.between(device(A, B, C), desired(A, moved, C));

    assertThat(changes.updated()).containsExactly(moved);
    assertThat(changes.peerChanges()).isEqualTo(1);
  }

  @Test
  void aPeerWithOtherAllowedIpsIsUpdated() {
    PeerConfig routed = C.withAllowedIps(List.of("10.99.0.3/32", "10.60.0.0/24"));

    PeerDiff.Changes changes = PeerDiff.between(device(A, B, C), desired(A, B, routed));

    assertThat(changes.updated()).containsExactly(routed);
  }

  @Test
  void aPeerWithAnotherKeepaliveIsUpdated() {
    PeerConfig quiet = A.withPersistentKeepalive(0);

    PeerDiff.Changes changes = PeerDiff.between(device(A, B, C), desired(quiet, B, C));

    assertThat(changes.updated()).containsExactly(quiet);
  }

  @Test
  void allowedIpsCompareAsNetworksInAnyOrder() {
    PeerConfig readBack = PeerConfig.of(key(3), null, List.of("10.50.0.0/24", "10.99.0.3/32"), 0);
    PeerConfig spelledDifferently = PeerConfig.of(key(3), null, List.of("10.99.0.3", "10.50.0.7/24"), 0);

    PeerDiff.Changes changes = PeerDiff.between(device(readBack), desired(spelledDifferently));

    assertThat(changes.isEmpty()).isTrue();
  }

  @Test
  void anEndpointLearnedByTheDeviceIsNotDriftWhenNoneIsDesired() {
    PeerConfig roamed = C.withEndpoint("203.0.113.9:40000");

    PeerDiff.Changes changes = PeerDiff.between(device(roamed), desired(C));

    assertThat(changes.isEmpty()).isTrue();
  }

  @Test
  void anotherPrivateKeyIsAChange() {
    String newKey = key(0x41);

    PeerDiff.Changes changes = PeerDiff.between(device(A), new InterfaceConfig(newKey, 51820, List.of(A)));

    assertThat(changes.privateKey()).contains(newKey);
    assertThat(changes.peerChanges()).isZero();
  }

  @Test
  void anotherListenPortIsAChange() {
    PeerDiff.Changes changes = PeerDiff.between(device(A), new InterfaceConfig(OWN_KEY, 51821, List.of(A)));

    assertThat(changes.listenPort()).isEqualTo(OptionalInt.of(51821));
    assertThat(changes.privateKey()).isEmpty();
  }

  @Test
  void listenPortZeroLeavesTheDevicesChoice() {
    PeerDiff.Changes changes = PeerDiff.between(
        new DeviceState(Optional.of(OWN_KEY), 43210, List.of()), new InterfaceConfig(OWN_KEY, 0, List.of()));

    assertThat(changes.isEmpty()).isTrue();
  }

  @Test
  void changesNeverShowThePrivateKey() {
    PeerDiff.Changes changes = PeerDiff.between(DeviceState.EMPTY, desired(A));

    assertThat(changes.toString()).doesNotContain(OWN_KEY);
    assertThat(desired(A).toString()).doesNotContain(OWN_KEY);
    assertThat(device(A).toString()).doesNotContain(OWN_KEY);
  }

  @Test
  void aPeerListedTwiceIsRejected() {
    assertThatThrownBy(() -> desired(A, A.withPersistentKeepalive(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("listed twice");
  }
}
