package io.cvlan.ipam;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressSeqRange;
import inet.ipaddr.IPAddressString;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Validates a CVLAN's networks and reserved list and builds its {@link AddressSpace}. Every problem is
 * reported as a message a user can act on; nothing is silently corrected.
 */
public final class AddressSpaceParser {
  /** An overlay smaller than /30 has no address left once network, broadcast and first host are reserved. */
  public static final int MIN_IPV4_PREFIX = 8;
  public static final int MAX_IPV4_PREFIX = 30;
  public static final int MIN_IPV6_PREFIX = 48;
  public static final int MAX_IPV6_PREFIX = 124;

  public sealed interface Result {
    record Valid(AddressSpace space) implements Result {}

    record Invalid(List<String> problems) implements Result {
      public Invalid {
        problems = List.copyOf(problems);
      }

      public String message() {
        return String.join("; ", problems);
      }
    }
  }

  private AddressSpaceParser() {}

  public static Result parse(String cidr, String ipv6Cidr, List<String> reserved) {
    List<String> problems = new ArrayList<>();
    Optional<IPAddress> v4 = network("cidr", cidr, 4, MIN_IPV4_PREFIX, MAX_IPV4_PREFIX, problems);
    Optional<IPAddress> v6 = ipv6Cidr == null || ipv6Cidr.isBlank()
        ? Optional.empty()
        : network("ipv6Cidr", ipv6Cidr, 6, MIN_IPV6_PREFIX, MAX_IPV6_PREFIX, problems);
    if (ipv6Cidr != null && !ipv6Cidr.isBlank() && v6.isEmpty() && problems.isEmpty()) {
      problems.add("ipv6Cidr " + ipv6Cidr + " is not valid");
    }
    List<IPAddressSeqRange> reserved4 = new ArrayList<>();
    List<IPAddressSeqRange> reserved6 = new ArrayList<>();
    v4.ifPresent(n -> reserved4.add(alwaysReserved(n)));
    v4.ifPresent(n -> reserved4.add(n.getUpper().withoutPrefixLength().toSequentialRange()));
    v6.ifPresent(n -> reserved6.add(alwaysReserved(n)));
    for (String entry : reserved == null ? List.<String>of() : reserved) {
      reservedRange(entry, v4, v6, problems).ifPresent(r -> (r.getLower().isIPv4() ? reserved4 : reserved6).add(r));
    }
    if (!problems.isEmpty() || v4.isEmpty()) {
      return new Result.Invalid(problems);
    }
    return new Result.Valid(new AddressSpace(v4.get(), v6, reserved4, reserved6));
  }

  /** The network address and the first host (the conventional gateway) are never handed out. */
  private static IPAddressSeqRange alwaysReserved(IPAddress network) {
    IPAddress lower = network.getLower().withoutPrefixLength();
    return lower.spanWithRange(lower.increment(1));
  }

  private static Optional<IPAddress> network(String field, String text, int version, int minPrefix, int maxPrefix,
      List<String> problems) {
    if (text == null || text.isBlank()) {
      problems.add(field + " is required");
      return Optional.empty();
    }
    IPAddress address;
    try {
      address = new IPAddressString(text.trim()).toAddress();
    } catch (AddressStringException e) {
      problems.add(field + " " + text + " is not a valid CIDR (expected e.g. " + example(version) + ")");
      return Optional.empty();
    }
    Integer prefix = address.getNetworkPrefixLength();
    if (prefix == null) {
      problems.add(field + " " + text + " has no prefix length (expected e.g. " + example(version) + ")");
      return Optional.empty();
    }
    if ((version == 4) != address.isIPv4()) {
      problems.add(field + " " + text + " is not an IPv" + version + " network (expected e.g. " + example(version) + ")");
      return Optional.empty();
    }
    if (prefix < minPrefix || prefix > maxPrefix) {
      problems.add(field + " " + text + " has prefix /" + prefix + "; use a prefix between /" + minPrefix
          + " and /" + maxPrefix);
      return Optional.empty();
    }
    if (!address.isPrefixBlock()) {
      problems.add(field + " " + text + " has host bits set; did you mean " + address.toPrefixBlock().toCanonicalString() + "?");
      return Optional.empty();
    }
    return Optional.of(address);
  }

  private static Optional<IPAddressSeqRange> reservedRange(String entry, Optional<IPAddress> v4, Optional<IPAddress> v6,
      List<String> problems) {
    String text = entry == null ? "" : entry.trim();
    IPAddressSeqRange range;
    try {
      int dash = text.indexOf('-');
      if (dash > 0) {
        IPAddress from = new IPAddressString(text.substring(0, dash).trim()).toAddress();
        IPAddress to = new IPAddressString(text.substring(dash + 1).trim()).toAddress();
        if (from.getNetworkPrefixLength() != null || to.getNetworkPrefixLength() != null
            || from.isIPv4() != to.isIPv4() || from.compareTo(to) > 0) {
          problems.add("reserved entry \"" + text + "\" is not a range of two addresses, lowest first (e.g. 10.100.0.10-10.100.0.20)");
          return Optional.empty();
        }
        range = from.spanWithRange(to);
      } else {
        IPAddress address = new IPAddressString(text).toAddress();
        if (address.getNetworkPrefixLength() != null && !address.isPrefixBlock()) {
          problems.add("reserved entry \"" + text + "\" has host bits set; did you mean " + address.toPrefixBlock().toCanonicalString() + "?");
          return Optional.empty();
        }
        range = address.toSequentialRange();
      }
    } catch (AddressStringException | RuntimeException e) {
      problems.add("reserved entry \"" + text + "\" is not an IP address, a range (a-b) or a CIDR");
      return Optional.empty();
    }
    Optional<IPAddress> network = range.getLower().isIPv4() ? v4 : v6;
    if (network.isPresent() && !network.get().contains(range)) {
      problems.add("reserved entry \"" + text + "\" is outside " + network.get().toCanonicalString());
      return Optional.empty();
    }
    if (network.isEmpty() && range.getLower().isIPv6()) {
      problems.add("reserved entry \"" + text + "\" is IPv6 but the CVLAN has no ipv6Cidr");
      return Optional.empty();
    }
    return Optional.of(range);
  }

  private static String example(int version) {
    return version == 4 ? "10.100.0.0/16" : "fd00:100::/64";
  }
}
