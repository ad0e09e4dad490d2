package io.cvlan.agent.wireguard;

import static io.cvlan.agent.wireguard.TestKeys.hex;
import static io.cvlan.agent.wireguard.TestKeys.key;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class UapiMessageTest {

  @Test
  void oneSetMessageCarriesKeyPortRemovalsUpdatesAndAdditionsInThatOrder() {
    PeerDiff.Changes changes = new PeerDiff.Changes(Optional.of(key(0x40)), OptionalInt.of(51820),
        List.of(PeerConfig.of(key(3), null, List.of("10.99.0.3/32", "10.50.0.0/24"), 0)),
        List.of(PeerConfig.of(key(2), "192.0.2.2:51820", List.of("10.99.0.2/32"), 25)),
        List.of(key(1)));

    assertThat(UapiMessage.set(changes)).isEqualTo("""
        set=1
        private_key=%s
        listen_port=51820
        public_key=%s
        remove=true
        public_key=%s
        update_only=true
        endpoint=192.0.2.2:51820
        persistent_keepalive_interval=25
        replace_allowed_ips=true
        allowed_ip=10.99.0.2/32
        public_key=%s
        persistent_keepalive_interval=0
        replace_allowed_ips=true
        allowed_ip=10.99.0.3/32
        allowed_ip=10.50.0.0/24

        """.formatted(hex(0x40), hex(1), hex(2), hex(3)));
  }

  @Test
  void aPeerWithoutAllowedIpsGetsThemCleared() {
    PeerDiff.Changes changes = new PeerDiff.Changes(Optional.empty(), OptionalInt.empty(), List.of(),
        List.of(PeerConfig.of(key(2), null, List.of(), 0)), List.of());

    assertThat(UapiMessage.set(changes)).isEqualTo("""
        set=1
        public_key=%s
        update_only=true
        persistent_keepalive_interval=0
        replace_allowed_ips=true

        """.formatted(hex(2)));
  }

  @Test
  void getResponseReadsBackKeyPortAndPeersSkippingStatistics() {
    String response = """
        private_key=%s
        listen_port=51820
        public_key=%s
        preshared_key=0000000000000000000000000000000000000000000000000000000000000000
        protocol_version=1
        endpoint=192.0.2.2:51820
        last_handshake_time_sec=0
        last_handshake_time_nsec=0
        tx_bytes=0
        rx_bytes=0
        persistent_keepalive_interval=25
        allowed_ip=10.99.0.2/32
        public_key=%s
        persistent_keepalive_interval=0
        allowed_ip=10.99.0.3/32
        allowed_ip=10.50.0.0/24
        errno=0

        """.formatted(hex(0x40), hex(2), hex(3));

    DeviceState state = UapiMessage.parseGet(response);

    assertThat(state.privateKey()).contains(key(0x40));
    assertThat(state.listenPort()).isEqualTo(51820);
    assertThat(state.peers()).containsExactly(
        PeerConfig.of(key(2), "192.0.2.2:51820", List.of("10.99.0.2/32"), 25),
        PeerConfig.of(key(3), null, List.of("10.99.0.3/32", "10.50.0.0/24"), 0));
  }

  @Test
  void errnoIsTheLastErrnoLineOrMinusOneWithoutOne() {
    assertThat(UapiMessage.errno("errno=0\n\n")).isZero();
    assertThat(UapiMessage.errno("listen_port=1\nerrno=-22\n\n")).isEqualTo(-22);
    assertThat(UapiMessage.errno("listen_port=1\n\n")).isEqualTo(-1);
  }
}
