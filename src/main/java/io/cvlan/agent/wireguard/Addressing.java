package io.cvlan.agent.wireguard;

import java.io.IOException;
import java.util.List;

/** Gives the WireGuard interface its overlay address and routes; {@link InterfaceAddressing} does it with {@code ip}. */
@FunctionalInterface
public interface Addressing {
  void configure(String address, List<String> routes) throws IOException;
}
