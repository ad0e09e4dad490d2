package io.cvlan.agent.wireguard;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;

/** One spelling per network, so that desired and read-back allowed IPs compare as networks, not strings. */
final class Cidrs {
  private Cidrs() {}

  /**
   * {@code 10.1.0.5/24} → {@code 10.1.0.0/24}, {@code 10.1.0.5} → {@code 10.1.0.5/32}, IPv6 compressed
   * ({@code fd00:0::1} → {@code fd00::1/128}): the form wireguard-go prints back.
   */
  static String canonical(String cidr) {
    IPAddress address = new IPAddressString(cidr).getAddress();
    if (address == null) {
      throw new IllegalArgumentException("not an IP address or CIDR: " + cidr);
    }
    Integer prefix = address.getNetworkPrefixLength();
    int bits = prefix == null ? address.getBitCount() : prefix;
    IPAddress network = prefix == null ? address : address.toPrefixBlock().getLower();
    return network.withoutPrefixLength().toCompressedString() + "/" + bits;
  }
}
