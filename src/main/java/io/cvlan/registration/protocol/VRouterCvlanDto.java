package io.cvlan.registration.protocol;

/**
 * One CVLAN a vrouter serves, as its configuration lists it (an addition to DESIGN §4): the network and the
 * vrouter's own addresses in it, which its agent puts on that CVLAN's WireGuard interface.
 */
public record VRouterCvlanDto(String name, String cidr, String ipv6Cidr, String ipv4, String ipv6) {}
