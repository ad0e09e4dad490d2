package io.cvlan.ipam;

import inet.ipaddr.IPAddress;

/**
 * The object name of a claim: the CVLAN and the address, so that the API server's name uniqueness is what
 * makes a double allocation impossible. IPv6 is written fully expanded so that one address has one name.
 */
final class ClaimNames {
  private ClaimNames() {}

  static String of(String cvlan, IPAddress address) {
    String text = address.isIPv4() ? address.withoutPrefixLength().toCanonicalString()
        : address.toIPv6().withoutPrefixLength().toFullString();
    return cvlan + "-" + text.replace('.', '-').replace(':', '-');
  }
}
