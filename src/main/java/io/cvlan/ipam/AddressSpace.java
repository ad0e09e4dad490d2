package io.cvlan.ipam;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressSeqRange;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The addresses a CVLAN can hand out: its IPv4 network (and optional IPv6 network) less the reserved
 * ranges. Built only through {@link AddressSpaceParser}, so an instance is always valid.
 */
public record AddressSpace(IPAddress ipv4, Optional<IPAddress> ipv6, List<IPAddressSeqRange> reservedIpv4,
    List<IPAddressSeqRange> reservedIpv6) {

  public AddressSpace {
    reservedIpv4 = List.copyOf(reservedIpv4);
    reservedIpv6 = List.copyOf(reservedIpv6);
  }

  /** IPv4 addresses that can be handed out: the network size less the (merged) reserved ranges. */
  public long capacity() {
    BigInteger reserved = Arrays.stream(IPAddressSeqRange.join(reservedIpv4.toArray(IPAddressSeqRange[]::new)))
        .map(IPAddressSeqRange::getCount)
        .reduce(BigInteger.ZERO, BigInteger::add);
    return ipv4.getCount().subtract(reserved).max(BigInteger.ZERO).longValueExact();
  }

  public boolean isReserved(IPAddress address) {
    List<IPAddressSeqRange> ranges = address.isIPv4() ? reservedIpv4 : reservedIpv6;
    return ranges.stream().anyMatch(r -> r.contains(address));
  }

  /** The networks (IPv4, and IPv6 when both have one) this space shares with another. */
  public List<String> overlapsWith(AddressSpace other) {
    List<String> shared = new ArrayList<>();
    if (ipv4.overlaps(other.ipv4)) {
      shared.add(other.ipv4.toPrefixLengthString());
    }
    if (ipv6.isPresent() && other.ipv6.isPresent() && ipv6.get().overlaps(other.ipv6.get())) {
      shared.add(other.ipv6.get().toCompressedString());
    }
    return shared;
  }
}
