package io.cvlan.registration.protocol;

/** The network a node joined. */
public record CvlanDto(String name, String cidr, String ipv6Cidr) {}
