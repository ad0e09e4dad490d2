package io.cvlan.agent.wireguard;

import static io.cvlan.agent.wireguard.TestKeys.key;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The {@code wg} arguments and the dump parsing, without a device. */
class WgToolCommandTest {

  @Test
  void allChangesGoInOneWgSetWithThePrivateKeyFromStdin() {
    PeerDiff.Changes changes = new PeerDiff.Changes(Optional.of(key(0x40)), OptionalInt.of(51820),
        List.of(PeerConfig.of(key(3), null, List.of("10.99.0.3/32", "10.50.0.0/24"), 0)),
        List.of(PeerConfig.of(key(2), "192.0.2.2:51820", List.of("10.99.0.2/32"), 25)),
        List.of(key(1)));

    List<String> command = WgToolBackend.setCommand("wg0", changes);

    assertThat(command).containsExactly("wg", "set", "wg0", "private-key", "/dev/stdin", "listen-port", "51820",
        "peer", key(1), "remove",
        "peer", key(2), "endpoint", "192.0.2.2:51820", "persistent-keepalive", "25", "allowed-ips", "10.99.0.2/32",
        "peer", key(3), "persistent-keepalive", "off", "allowed-ips", "10.99.0.3/32,10.50.0.0/24");
    assertThat(command).doesNotContain(key(0x40));
  }

  @Test
  void dumpReadsBackKeyPortAndPeers() {
    String dump = String.join("\t", key(0x40), key(0x41), "51820", "off") + "\n"
        + String.join("\t", key(2), "(none)", "192.0.2.2:51820", "10.99.0.2/32", "0", "0", "0", "25") + "\n"
        + String.join("\t", key(3), "(none)", "(none)", "10.99.0.3/32,10.50.0.0/24", "0", "0", "0", "off") + "\n"
        + String.join("\t", key(4), "(none)", "(none)", "(none)", "0", "0", "0", "off") + "\n";

    DeviceState state = WgToolBackend.parseDump(dump);

    assertThat(state.privateKey()).contains(key(0x40));
    assertThat(state.listenPort()).isEqualTo(51820);
    assertThat(state.peers()).containsExactly(
        PeerConfig.of(key(2), "192.0.2.2:51820", List.of("10.99.0.2/32"), 25),
        PeerConfig.of(key(3), null, List.of("10.99.0.3/32", "10.50.0.0/24"), 0),
        PeerConfig.of(key(4), null, List.of(), 0));
  }

  @Test
  void aDeviceWithoutKeyDumpsNone() {
    DeviceState state = WgToolBackend.parseDump("(none)\t(none)\t0\toff\n");

    assertThat(state).isEqualTo(DeviceState.EMPTY);
  }
}
