package io.cvlan.ipam;

import java.util.Objects;
import java.util.Optional;

/** The overlay addresses one owner holds in one CVLAN: always an IPv4, an IPv6 when the CVLAN has one. */
public record Allocation(String ipv4, Optional<String> ipv6) {
  public Allocation {
    Objects.requireNonNull(ipv4, "ipv4");
    Objects.requireNonNull(ipv6, "ipv6");
  }
}
