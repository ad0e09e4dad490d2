package io.cvlan.ipam;

/** Address family of a claim, as written in the {@code cvlan.io/family} label. */
enum Family {
  IPV4("ipv4"),
  IPV6("ipv6");

  private final String label;

  Family(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }

  static Family ofAddress(String address) {
    return address.indexOf(':') >= 0 ? IPV6 : IPV4;
  }
}
