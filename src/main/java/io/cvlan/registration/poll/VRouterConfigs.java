package io.cvlan.registration.poll;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.VRouter;
import io.cvlan.api.v1alpha1.VRouterAddress;
import io.cvlan.registration.protocol.Json;
import io.cvlan.registration.protocol.VRouterCvlanDto;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a vrouter's agent is configured with, in register and poll answers alike: its spec's interfaces,
 * routes and VRFs, and the CVLANs it serves with its address in each (those with an address so far).
 */
public final class VRouterConfigs {
  private VRouterConfigs() {}

  public static ObjectNode of(VRouter vrouter, Function<String, Optional<CVLAN>> cvlans) {
    ObjectNode config = Json.MAPPER.createObjectNode();
    config.set("interfaces", Json.MAPPER.valueToTree(vrouter.getSpec().getInterfaces()));
    config.set("routes", Json.MAPPER.valueToTree(vrouter.getSpec().getRoutes()));
    config.set("vrfs", Json.MAPPER.valueToTree(vrouter.getSpec().getVrfs()));
    config.set("cvlans", Json.MAPPER.valueToTree(served(vrouter, cvlans)));
    return config;
  }

  /** In spec order; a CVLAN without an address yet (or gone) is left out until it has one. */
  static List<VRouterCvlanDto> served(VRouter vrouter, Function<String, Optional<CVLAN>> cvlans) {
    List<VRouterAddress> addresses = vrouter.getStatus() == null ? List.of() : vrouter.getStatus().getAddresses();
    return vrouter.getSpec().getCvlans().stream().distinct()
        .flatMap(name -> addresses.stream().filter(a -> name.equals(a.getCvlan()) && a.getIpv4() != null).findFirst()
            .flatMap(a -> cvlans.apply(name).map(c -> new VRouterCvlanDto(name, c.getSpec().getCidr(), c.getSpec().getIpv6Cidr(),
                a.getIpv4(), a.getIpv6())))
            .stream())
        .toList();
  }
}
