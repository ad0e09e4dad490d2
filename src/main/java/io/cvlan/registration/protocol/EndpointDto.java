package io.cvlan.registration.protocol;

/** Where a node's WireGuard listens, as its peers should dial it. */
public record EndpointDto(String host, Integer port) {}
