package io.cvlan.agent.wireguard;

import java.io.IOException;

/**
 * One WireGuard interface, programmed by diff. Implementations only read the device and apply changes; the
 * decision of what to change is {@link PeerDiff}'s.
 */
public interface WireGuardBackend {

  DeviceState read() throws IOException;

  /**
   * Applies {@code changes} in one message to the device (one UAPI {@code set=1}, one {@code wg set}).
   * {@code desired} is the state the changes lead to, for backends and logs that want the whole picture.
   */
  void apply(PeerDiff.Changes changes, InterfaceConfig desired) throws IOException;

  /** Read, diff, apply: nothing is sent when the device is already as desired. Returns what changed. */
  default PeerDiff.Changes sync(InterfaceConfig desired) throws IOException {
    PeerDiff.Changes changes = PeerDiff.between(read(), desired);
    if (!changes.isEmpty()) {
      apply(changes, desired);
    }
    return changes;
  }
}
