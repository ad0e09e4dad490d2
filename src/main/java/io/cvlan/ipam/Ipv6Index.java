package io.cvlan.ipam;

import inet.ipaddr.IPAddressSeqRange;
import inet.ipaddr.ipv6.IPv6Address;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Taken IPv6 addresses of one CVLAN. The space is far too large for a bitmap, so taken addresses are kept
 * in a set: sequential allocation walks forward from a cursor (jumping over reserved ranges), random
 * allocation draws hosts until one is free. Not thread-safe: its owner serialises access.
 */
final class Ipv6Index {
  private static final int RANDOM_ATTEMPTS = 64;

  private final BigInteger lower;
  private final BigInteger upper;
  private final int hostBits;
  private final List<IPAddressSeqRange> reserved;
  private final Set<BigInteger> taken = new HashSet<>();
  /** No free address lies below the cursor. */
  private BigInteger cursor;

  Ipv6Index(AddressSpace space) {
    var network = space.ipv6().orElseThrow();
    this.lower = network.getLower().getValue();
    this.upper = network.getUpper().getValue();
    this.hostBits = 128 - network.getNetworkPrefixLength();
    this.reserved = space.reservedIpv6();
    this.cursor = lower;
  }

  boolean contains(BigInteger value) {
    return value.compareTo(lower) >= 0 && value.compareTo(upper) <= 0;
  }

  void take(BigInteger value) {
    taken.add(value);
  }

  void free(BigInteger value) {
    if (taken.remove(value) && value.compareTo(cursor) < 0) {
      cursor = value;
    }
  }

  Optional<IPv6Address> lowestFree() {
    while (cursor.compareTo(upper) <= 0) {
      Optional<IPAddressSeqRange> inReserved = reservedRangeOf(cursor);
      if (inReserved.isPresent()) {
        cursor = inReserved.get().getUpper().getValue().add(BigInteger.ONE);
      } else if (taken.contains(cursor)) {
        cursor = cursor.add(BigInteger.ONE);
      } else {
        return Optional.of(new IPv6Address(cursor));
      }
    }
    return Optional.empty();
  }

  /** A random free host; after a run of collisions (a small, busy prefix) the lowest free one. */
  Optional<IPv6Address> randomFree(RandomGenerator random) {
    for (int attempt = 0; attempt < RANDOM_ATTEMPTS; attempt++) {
      BigInteger candidate = lower.add(randomHost(random));
      if (reservedRangeOf(candidate).isEmpty() && !taken.contains(candidate)) {
        return Optional.of(new IPv6Address(candidate));
      }
    }
    return lowestFree();
  }

  private BigInteger randomHost(RandomGenerator random) {
    byte[] bytes = new byte[(hostBits + 7) / 8 + 1];
    random.nextBytes(bytes);
    bytes[0] = 0;
    return new BigInteger(bytes).mod(BigInteger.ONE.shiftLeft(hostBits));
  }

  private Optional<IPAddressSeqRange> reservedRangeOf(BigInteger value) {
    for (IPAddressSeqRange range : reserved) {
      if (range.getLower().getValue().compareTo(value) <= 0 && range.getUpper().getValue().compareTo(value) >= 0) {
        return Optional.of(range);
      }
    }
    return Optional.empty();
  }
}
