package io.cvlan.agent.wireguard;

import static io.cvlan.agent.wireguard.TestKeys.key;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** sync() as the layers above see it, on the in-memory device. */
class WireGuardBackendSyncTest {
  private static final PeerConfig A = PeerConfig.of(key(1), "192.0.2.1:51820", List.of("10.99.0.1/32"), 25);
  private static final PeerConfig B = PeerConfig.of(key(2), null, List.of("10.99.0.2/32"), 0);

  @Test
  void syncReachesTheDesiredStateInOneBatch() throws Exception {
    InMemoryBackend backend = new InMemoryBackend();
    InterfaceConfig desired = new InterfaceConfig(key(0x40), 51820, List.of(A, B));

    backend.sync(desired);

    assertThat(backend.read().peers()).containsExactly(A, B);
    assertThat(backend.read().privateKey()).contains(key(0x40));
    assertThat(backend.applied()).hasSize(1);
  }

  @Test
  void syncOfAnUnchangedStateAppliesNothing() throws Exception {
    InMemoryBackend backend = new InMemoryBackend();
    InterfaceConfig desired = new InterfaceConfig(key(0x40), 51820, List.of(A, B));
    backend.sync(desired);

    PeerDiff.Changes second = backend.sync(desired);

    assertThat(second.isEmpty()).isTrue();
    assertThat(backend.applied()).hasSize(1);
  }

  @Test
  void anUpdateWithoutEndpointKeepsTheEndpointTheDeviceHas() throws Exception {
    InMemoryBackend backend = new InMemoryBackend();
    backend.sync(new InterfaceConfig(key(0x40), 51820, List.of(A)));
    PeerConfig withoutEndpoint = PeerConfig.of(key(1), null, List.of("10.99.0.11/32"), 25);

    backend.sync(new InterfaceConfig(key(0x40), 51820, List.of(withoutEndpoint)));

    assertThat(backend.read().peers()).containsExactly(withoutEndpoint.withEndpoint("192.0.2.1:51820"));
  }
}
