package io.cvlan.pki;

import java.time.Duration;

/**
 * The identity and lifetime of a leaf: a node or vrouter (URI SAN) or a server (DNS names and IP addresses,
 * e.g. the registration API's serving certificate).
 */
public record LeafProfile(String commonName, String uriSan, Duration validity, java.util.List<String> dnsNames) {
  public LeafProfile {
    dnsNames = dnsNames == null ? java.util.List.of() : java.util.List.copyOf(dnsNames);
  }

  public LeafProfile(String commonName, String uriSan, Duration validity) {
    this(commonName, uriSan, validity, java.util.List.of());
  }

  /** A serving certificate for these host names and IP literals. */
  public static LeafProfile server(String commonName, java.util.List<String> hosts, Duration validity) {
    return new LeafProfile(commonName, null, validity, hosts);
  }
}
