package io.cvlan.agent.vrouter;

import io.cvlan.agent.wireguard.WireGuardBackend;
import java.io.IOException;
import java.util.List;

/**
 * The machine a vrouter agent runs on, as far as the agent changes it: one WireGuard device per CVLAN with its
 * address, and the forwarding policy. {@link LinuxGateway} does it with wireguard-go (or the kernel module)
 * and iproute2; {@link InMemoryGateway} remembers it, for tests and benchmarks.
 */
public interface GatewayHost extends AutoCloseable {
  /** The WireGuard device {@code iface}, created when it does not exist yet. */
  WireGuardBackend link(String iface) throws IOException;

  /** Gives the link its overlay address and brings it up. */
  void address(CvlanLink link) throws IOException;

  /** The device of a CVLAN no longer served goes, if this host made it. */
  void unlink(String iface) throws IOException;

  /** IPv4 forwarding on, the vrouter's policy rules exactly {@code rules}, and the advertised subnets reachable. */
  void forward(List<PolicyRule> rules, List<String> siteRoutes) throws IOException;

  /** Stops what this host started (wireguard-go processes); interfaces of a kernel module stay. */
  @Override
  void close();
}
