package io.cvlan.agent.wireguard;

import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.testing.NetnsFixture;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every backend does to a real wireguard-go device in its own netns, checked with {@code wg show dump}
 * (a reader independent of the backend under test).
 */
abstract class WireGuardBackendContract {
  private static final WireGuardKeys.KeyPair OWN = WireGuardKeys.generate();
  private static final PeerConfig A = PeerConfig.of(WireGuardKeys.generate().publicKey(), "192.0.2.1:51820",
      List.of("10.99.0.1/32"), 25);
  private static final PeerConfig B = PeerConfig.of(WireGuardKeys.generate().publicKey(), "192.0.2.2:51820",
      List.of("10.99.0.2/32"), 25);
  private static final PeerConfig C = PeerConfig.of(WireGuardKeys.generate().publicKey(), null,
      List.of("10.99.0.3/32", "10.50.0.0/24"), 0);

  NetnsFixture fixture;
  String netns;
  String iface;
  WireGuardBackend backend;

  abstract WireGuardBackend backend(String iface, String netns);

  @BeforeEach
  void startWireGuard() throws Exception {
    NetnsFixture.assumeAvailable();
    fixture = new NetnsFixture();
    netns = fixture.namespace("dev");
    iface = fixture.iface("t");
    fixture.wireGuard(netns, iface);
    backend = backend(iface, netns);
  }

  @AfterEach
  void stopWireGuard() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void programsThreePeersThatWgShowLists() throws Exception {
    PeerDiff.Changes changes = backend.sync(new InterfaceConfig(OWN.privateKey(), 51820, List.of(A, B, C)));

    assertThat(changes.added()).hasSize(3);
    DeviceState shown = wgShow();
    assertThat(shown.privateKey()).contains(OWN.privateKey());
    assertThat(shown.listenPort()).isEqualTo(51820);
    assertThat(shown.peers()).containsExactlyInAnyOrder(A, B, C);
  }

  @Test
  void anUpdateAndARemovalLeaveTheOtherPeersUntouched() throws Exception {
    backend.sync(new InterfaceConfig(OWN.privateKey(), 51820, List.of(A, B, C)));
    PeerConfig movedB = B.withEndpoint("198.51.100.2:51820").withAllowedIps(List.of("10.99.0.22/32"));

    PeerDiff.Changes changes = backend.sync(new InterfaceConfig(OWN.privateKey(), 51820, List.of(A, movedB)));

    assertThat(changes.updated()).containsExactly(movedB);
    assertThat(changes.removedPublicKeys()).containsExactly(C.publicKey());
    assertThat(changes.added()).isEmpty();
    assertThat(wgShow().peers()).containsExactlyInAnyOrder(A, movedB);
  }

  @Test
  void aSecondSyncOfTheSameStateChangesNothing() throws Exception {
    InterfaceConfig desired = new InterfaceConfig(OWN.privateKey(), 51820, List.of(A, B, C));
    backend.sync(desired);

    assertThat(backend.sync(desired).isEmpty()).isTrue();
  }

  @Test
  void readsBackWhatWgShows() throws Exception {
    backend.sync(new InterfaceConfig(OWN.privateKey(), 51820, List.of(A, B, C)));

    DeviceState read = backend.read();
    DeviceState shown = wgShow();
    assertThat(read.privateKey()).isEqualTo(shown.privateKey());
    assertThat(read.listenPort()).isEqualTo(shown.listenPort());
    // wg sorts the peers it shows; the device's own order is not part of the state.
    assertThat(read.peers()).containsExactlyInAnyOrderElementsOf(shown.peers());
  }

  private DeviceState wgShow() throws Exception {
    return WgToolBackend.parseDump(fixture.exec(netns, "wg", "show", iface, "dump"));
  }
}
