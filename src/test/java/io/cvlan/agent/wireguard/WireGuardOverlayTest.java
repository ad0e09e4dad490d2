package io.cvlan.agent.wireguard;

import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.testing.NetnsFixture;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two namespaces joined by a veth pair, wireguard-go in each, programmed as each other's peer. */
class WireGuardOverlayTest {
  private NetnsFixture fixture;

  @BeforeEach
  void requireTools() {
    NetnsFixture.assumeAvailable();
    fixture = new NetnsFixture();
  }

  @AfterEach
  void cleanUp() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void twoDevicesProgrammedAsEachOthersPeerCarryPingAcrossTheOverlay() throws Exception {
    String left = fixture.namespace("l");
    String right = fixture.namespace("r");
    fixture.veth(left, "192.0.2.1/24", right, "192.0.2.2/24");
    WireGuardGo leftDevice = fixture.wireGuard(left, fixture.iface("l"));
    WireGuardGo rightDevice = fixture.wireGuard(right, fixture.iface("r"));
    WireGuardKeys.KeyPair leftKeys = WireGuardKeys.generate();
    WireGuardKeys.KeyPair rightKeys = WireGuardKeys.generate();

    new UapiBackend(leftDevice.socket()).sync(new InterfaceConfig(leftKeys.privateKey(), 51820, List.of(
        PeerConfig.of(rightKeys.publicKey(), "192.0.2.2:51820", List.of("10.99.0.2/32"), 0))));
    new UapiBackend(rightDevice.socket()).sync(new InterfaceConfig(rightKeys.privateKey(), 51820, List.of(
        PeerConfig.of(leftKeys.publicKey(), "192.0.2.1:51820", List.of("10.99.0.1/32"), 0))));
    new InterfaceAddressing(leftDevice.iface(), Optional.of(left)).configure("10.99.0.1/24", List.of());
    new InterfaceAddressing(rightDevice.iface(), Optional.of(right)).configure("10.99.0.2/24", List.of());

    String ping = fixture.exec(left, "ping", "-c", "1", "-W", "2", "10.99.0.2");

    assertThat(ping).contains("1 received");
  }

  @Test
  void addressingTwiceIsIdempotentAndRoutesVRouterSubnetsToTheInterface() throws Exception {
    String netns = fixture.namespace("a");
    WireGuardGo device = fixture.wireGuard(netns, fixture.iface("a"));
    InterfaceAddressing addressing = new InterfaceAddressing(device.iface(), Optional.of(netns));

    addressing.configure("10.99.0.1/16", List.of("10.50.0.0/24"));
    addressing.configure("10.99.0.1/16", List.of("10.50.0.0/24"));

    assertThat(fixture.exec(netns, "ip", "-o", "addr", "show", "dev", device.iface()))
        .containsOnlyOnce("inet 10.99.0.1/16");
    assertThat(fixture.exec(netns, "ip", "route", "show", "dev", device.iface()))
        .containsOnlyOnce("10.50.0.0/24")
        .contains("10.99.0.0/16");
  }
}
