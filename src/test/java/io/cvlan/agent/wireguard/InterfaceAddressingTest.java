package io.cvlan.agent.wireguard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A node's routes into the overlay follow the VRouter subnets it is given, both ways. */
class InterfaceAddressingTest {
  static final String ROUTES = "[{\"dst\":\"10.77.0.0/24\",\"protocol\":\"kernel\",\"scope\":\"link\",\"prefsrc\":\"10.77.0.3\",\"flags\":[]},"
      + "{\"dst\":\"192.168.50.0/24\",\"scope\":\"link\",\"flags\":[]},"
      + "{\"dst\":\"172.16.0.0/16\",\"scope\":\"link\",\"flags\":[]}]";

  @Test
  void eachRouteIsReplacedThroughTheInterface() {
    List<List<String>> commands = new InterfaceAddressing("cvlan0", java.util.Optional.of("n1")).commands("10.77.0.3/24",
        List.of("192.168.50.0/24"));

    assertThat(commands).contains(List.of("ip", "-n", "n1", "route", "replace", "192.168.50.0/24", "dev", "cvlan0"));
  }

  @Test
  void aSubnetNoLongerAdvertisedIsStale() throws Exception {
    assertThat(InterfaceAddressing.stale(ROUTES, List.of("192.168.50.0/24"))).containsExactly("172.16.0.0/16");
  }

  @Test
  void theCvlansOwnPrefixRouteIsNeverStale() throws Exception {
    assertThat(InterfaceAddressing.stale(ROUTES, List.of())).containsExactly("192.168.50.0/24", "172.16.0.0/16");
  }
}
