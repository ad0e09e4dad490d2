package io.cvlan.agent.vrouter;

import io.cvlan.agent.wireguard.InMemoryBackend;
import io.cvlan.agent.wireguard.WireGuardBackend;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A gateway in memory: devices are {@link InMemoryBackend}s; addresses and rules are remembered, not applied. */
public final class InMemoryGateway implements GatewayHost {
  private final Map<String, InMemoryBackend> devices = new ConcurrentHashMap<>();
  private final Map<String, String> addresses = new ConcurrentHashMap<>();
  private volatile List<PolicyRule> rules = List.of();

  @Override
  public WireGuardBackend link(String iface) {
    return devices.computeIfAbsent(iface, i -> new InMemoryBackend());
  }

  @Override
  public void address(CvlanLink link) {
    addresses.put(link.iface(), link.address());
  }

  @Override
  public void unlink(String iface) {
    devices.remove(iface);
    addresses.remove(iface);
  }

  @Override
  public void forward(List<PolicyRule> rules, List<String> siteRoutes) {
    this.rules = List.copyOf(rules);
  }

  public Optional<InMemoryBackend> device(String iface) {
    return Optional.ofNullable(devices.get(iface));
  }

  public Map<String, String> addresses() {
    return Map.copyOf(addresses);
  }

  public List<PolicyRule> rules() {
    return rules;
  }

  @Override
  public void close() {}
}
