package io.cvlan.registration.protocol;

import java.util.List;

/** Nameservers and search domains the agent configures for the overlay. */
public record DnsDto(List<String> nameservers, List<String> search) {}
