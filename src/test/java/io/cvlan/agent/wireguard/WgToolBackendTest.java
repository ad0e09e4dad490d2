package io.cvlan.agent.wireguard;

import java.util.Optional;

/** The {@code wg} tool backend, run inside the device's netns, against wireguard-go. */
class WgToolBackendTest extends WireGuardBackendContract {

  @Override
  WireGuardBackend backend(String iface, String netns) {
    return new WgToolBackend(iface, Optional.of(netns));
  }
}
