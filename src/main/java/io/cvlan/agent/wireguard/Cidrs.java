package io.cvlan.agent.wireguard;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;

/** One spelling per network, so that desired and read-back allowed IPs compare as networks, not strings. */
public final class Cidrs {
  private Cidrs() {}

  /**
   * {@code 10.1.0.5/24} → {@code 10.1.0.0/24}, {@code 10.1.0.5} → {@code 10.1.0.5/32}, IPv6 compressed
   * ({@code fd00:0::1} → {@code fd00::1/128}): the form wireguard-go prints back.
   */
  public static String canonical(String cidr) {
    // Reading back 1,000 peers canonicalizes 1,000 IPv4 CIDRs: a hand-written path keeps that under a millisecond.
    String ipv4 = canonicalIpv4(cidr);
    return ipv4 != null ? ipv4 : canonicalAny(cidr);
  }

  private static String canonicalAny(String cidr) {
    IPAddress address = new IPAddressString(cidr).getAddress();
    if (address == null) {
      throw new IllegalArgumentException("not an IP address or CIDR: " + cidr);
    }
    Integer prefix = address.getNetworkPrefixLength();
    int bits = prefix == null ? address.getBitCount() : prefix;
    IPAddress network = prefix == null ? address : address.toPrefixBlock().getLower();
    return network.withoutPrefixLength().toCompressedString() + "/" + bits;
  }

  /** Plain dotted-quad IPv4 with an optional prefix, or null for anything else (left to the full parser). */
  private static String canonicalIpv4(String cidr) {
    int slash = cidr.indexOf('/');
    String host = slash < 0 ? cidr : cidr.substring(0, slash);
    int prefix = 32;
    if (slash >= 0) {
      prefix = decimal(cidr, slash + 1, cidr.length(), 32);
      if (prefix < 0) {
        return null;
      }
    }
    long address = 0;
    int start = 0;
    for (int octet = 0; octet < 4; octet++) {
      int end = octet < 3 ? host.indexOf('.', start) : host.length();
      if (end < 0) {
        return null;
      }
      int value = decimal(host, start, end, 255);
      if (value < 0) {
        return null;
      }
      address = (address << 8) | value;
      start = end + 1;
    }
    long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    long network = address & mask;
    return (network >>> 24) + "." + ((network >>> 16) & 0xFF) + "." + ((network >>> 8) & 0xFF) + "." + (network & 0xFF)
        + "/" + prefix;
  }

  // Digits only, no leading zero (which some parsers read as octal), at most max; -1 otherwise.
  private static int decimal(String text, int start, int end, int max) {
    if (end <= start || end - start > 3 || (end - start > 1 && text.charAt(start) == '0')) {
      return -1;
    }
    int value = 0;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value <= max ? value : -1;
  }
}
