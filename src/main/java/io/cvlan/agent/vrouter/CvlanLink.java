package io.cvlan.agent.vrouter;

import java.util.List;

/**
 * A vrouter's WireGuard interface for one CVLAN: its name, its listen port, its overlay address with the
 * CVLAN's prefix (the kernel then routes the CVLAN into it) and the network it connects.
 */
public record CvlanLink(String cvlan, String iface, int listenPort, String address, String cidr, List<String> ownAddresses) {
  public CvlanLink {
    ownAddresses = List.copyOf(ownAddresses);
  }
}
