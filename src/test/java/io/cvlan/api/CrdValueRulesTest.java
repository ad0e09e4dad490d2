package io.cvlan.api;

import static io.cvlan.api.CrdObjects.set;
import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddressString;
import io.cvlan.api.CrdObjects.Edit;
import io.cvlan.api.CrdValidationRules.Violation;
import io.cvlan.api.v1alpha1.RegistrationToken;
import io.cvlan.api.v1alpha1.RegistrationTokenSpec;
import io.cvlan.api.v1alpha1.Validation;
import io.cvlan.ipam.AddressSpaceParser;
import io.cvlan.model.TokenLifetime;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Values the API server refuses at the door because agents or the operator would misread them (issue 12, item
 * 11), the good values next to them that it admits, and the places where the schema and the operator's own
 * parsers must draw the same line.
 */
class CrdValueRulesTest {
  private static final String NAMESERVER_IS_IP = "every nameserver must be an IP address, e.g. 10.100.0.1";
  private static final String PORTS_IN_RANGE = "ports must be between 1 and 65535";
  private static final String RANGE_IN_ORDER = "a port range a-b must not end below its start";
  private static final String CIDR_NETWORK = "cidr must be a network address without host bits, e.g. 10.100.0.0/16";
  private static final String CIDR_PREFIX = "cidr must have a prefix between /8 and /30";
  private static final String IPV6_CIDR_IS_IPV6 = "ipv6Cidr must be an IPv6 network in CIDR notation, e.g. fd00:100::/64";
  private static final String IPV6_CIDR_NETWORK = "ipv6Cidr must be a network address without host bits, e.g. fd00:100::/64";
  private static final String IPV6_CIDR_PREFIX = "ipv6Cidr must have a prefix between /48 and /124";
  private static final String RESERVED_ENTRY =
      "each reserved entry must be an IP address, a network without host bits (CIDR) or a range a-b of two addresses of one family";
  private static final String RESERVED_INSIDE = "every reserved address must lie inside cidr (IPv4) or ipv6Cidr (IPv6)";
  private static final String EXPIRES_AT_REAL = "expiresAt must be a real date and time after 1970, e.g. 2030-01-31T12:00:00Z";
  private static final String ALLOCATION_ADDRESS =
      "address must be an IP address in canonical form (e.g. 10.100.0.5 or fd00:100::5), without prefix length";
  private static final String ROUTE_IS_NETWORK = "every route must be a network in CIDR notation without host bits, e.g. 192.168.10.0/24";

  private static String shouldMatch(String pattern) {
    return "should match '" + pattern + "'";
  }

  /** Evaluation errors carry CEL-Java's own text after this; the API server's differs, the refusal does not. */
  private static String failedRule(String rule) {
    return "rule \"" + rule + "\" failed: ";
  }

  private static Arguments refused(Supplier<Map<String, Object>> base, Edit edit, String field, String message) {
    return Arguments.of(Named.of(edit.name(), base.get()), edit, field, message);
  }

  static Stream<Arguments> refusedValues() {
    Edit dualStack = set("spec.ipv6Cidr", "fd00:100::/64");
    return Stream.of(
        // DNS handed to agents
        refused(CrdObjects::cvlan, set("spec.dns.nameservers", List.of("not-an-ip")), "spec.dns.nameservers", NAMESERVER_IS_IP),
        refused(CrdObjects::cvlan, set("spec.dns.nameservers", List.of("10.0.0.01")), "spec.dns.nameservers", NAMESERVER_IS_IP),
        refused(CrdObjects::cvlan, set("spec.dns.nameservers", List.of("fe80::1%eth0")), "spec.dns.nameservers", NAMESERVER_IS_IP),
        refused(CrdObjects::cvlan, set("spec.dns.searchDomains", List.of("bad domain")), "spec.dns.searchDomains[0]",
            shouldMatch(Validation.SEARCH_DOMAIN)),
        // packet filter ports handed to agents
        refused(CrdObjects::cvlan, ports("99999"), "spec.packetFilter[0].ports", PORTS_IN_RANGE),
        refused(CrdObjects::cvlan, ports("65535-65536"), "spec.packetFilter[0].ports", PORTS_IN_RANGE),
        refused(CrdObjects::cvlan, ports("8100-8000"), "spec.packetFilter[0].ports", RANGE_IN_ORDER),
        refused(CrdObjects::cvlan, ports("x-y"), "spec.packetFilter[0].ports[0]", shouldMatch(Validation.PORT_OR_RANGE)),
        refused(CrdObjects::cvlan, ports("0"), "spec.packetFilter[0].ports[0]", shouldMatch(Validation.PORT_OR_RANGE)),
        refused(CrdObjects::cvlan, ports("080"), "spec.packetFilter[0].ports[0]", shouldMatch(Validation.PORT_OR_RANGE)),
        // durations: positive, whole units only
        refused(CrdObjects::cvlan, set("spec.nodeExpiry", "0s"), "spec.nodeExpiry", "nodeExpiry must be longer than 0s"),
        refused(CrdObjects::cvlan, set("spec.nodeExpiry", "0h0m"), "spec.nodeExpiry", "nodeExpiry must be longer than 0s"),
        refused(CrdObjects::cvlan, set("spec.nodeExpiry", "1.5h"), "spec.nodeExpiry", shouldMatch(Validation.DURATION)),
        refused(CrdObjects::cvlan, set("spec.nodeExpiry", "-1h"), "spec.nodeExpiry", shouldMatch(Validation.DURATION)),
        refused(CrdObjects::cvlan, set("spec.nodeExpiry", "30d"), "spec.nodeExpiry", shouldMatch(Validation.DURATION)),
        refused(CrdObjects::cvlan, set("spec.certificates.clientDuration", "0s"), "spec.certificates.clientDuration",
            "clientDuration must be longer than 0s"),
        refused(CrdObjects::cvlan, set("spec.certificates.vrouterDuration", "0m"), "spec.certificates.vrouterDuration",
            "vrouterDuration must be longer than 0s"),
        refused(CrdObjects::token, set("spec.ttl", "0s"), "spec.ttl", "ttl must be longer than 0s"),
        refused(CrdObjects::token, set("spec.ttl", "1.5h"), "spec.ttl", shouldMatch(Validation.DURATION)),
        refused(CrdObjects::token, set("spec.maxUses", 0), "spec.maxUses", "should be greater than or equal to 1.0"),
        // networks
        refused(CrdObjects::cvlan, set("spec.cidr", "10.100.0.1/16"), "spec.cidr", CIDR_NETWORK),
        refused(CrdObjects::cvlan, set("spec.cidr", "10.0.0.0/7"), "spec.cidr", CIDR_PREFIX),
        refused(CrdObjects::cvlan, set("spec.cidr", "10.100.0.0/31"), "spec.cidr", CIDR_PREFIX),
        refused(CrdObjects::cvlan, set("spec.ipv6Cidr", "10.200.0.0/16"), "spec.ipv6Cidr", IPV6_CIDR_IS_IPV6),
        refused(CrdObjects::cvlan, set("spec.ipv6Cidr", "::ffff:10.0.0.0/104"), "spec.ipv6Cidr", IPV6_CIDR_IS_IPV6),
        refused(CrdObjects::cvlan, set("spec.ipv6Cidr", "fd00:100::"), "spec.ipv6Cidr", IPV6_CIDR_IS_IPV6),
        refused(CrdObjects::cvlan, set("spec.ipv6Cidr", "fd00:100::1/64"), "spec.ipv6Cidr", IPV6_CIDR_NETWORK),
        refused(CrdObjects::cvlan, set("spec.ipv6Cidr", "fd00::/32"), "spec.ipv6Cidr", IPV6_CIDR_PREFIX),
        refused(CrdObjects::cvlan, set("spec.ipv6Cidr", "fd00:100::/126"), "spec.ipv6Cidr", IPV6_CIDR_PREFIX),
        // reserved entries: shape, then place
        refused(CrdObjects::cvlan, reserved("10.100.0.300"), "spec.reserved", RESERVED_ENTRY),
        refused(CrdObjects::cvlan, reserved("10.100.0.1/24"), "spec.reserved", RESERVED_ENTRY),
        refused(CrdObjects::cvlan, reserved("10.100.0.2-fd00:100::5"), "spec.reserved", RESERVED_ENTRY),
        refused(CrdObjects::cvlan, reserved("10.100.0.2-10.100.0.5-10.100.0.9"), "spec.reserved", RESERVED_ENTRY),
        refused(CrdObjects::cvlan, reserved("10.200.0.1"), "spec.reserved", RESERVED_INSIDE),
        refused(CrdObjects::cvlan, reserved("10.100.0.2-10.200.0.1"), "spec.reserved", RESERVED_INSIDE),
        refused(CrdObjects::cvlan, reserved("10.0.0.0/8"), "spec.reserved", RESERVED_INSIDE),
        refused(CrdObjects::cvlan, reserved("fd00:100::5"), "spec.reserved", RESERVED_INSIDE),
        refused(() -> dualStack.applyTo(CrdObjects.cvlan()), reserved("fd00:200::5"), "spec.reserved", RESERVED_INSIDE),
        // ports and sizes the schema already bounded stay bounded
        refused(CrdObjects::cvlan, set("spec.listenPort", 65536), "spec.listenPort", "should be less than or equal to 65535.0"),
        refused(CrdObjects::cvlan, set("spec.mtu", 1279), "spec.mtu", "should be greater than or equal to 1280.0"),
        refused(CrdObjects::cvlan, set("spec.certificates.issuerRef", Map.of("name", "ca", "group", "Cert Manager")),
            "spec.certificates.issuerRef.group", shouldMatch(Validation.DNS_SUBDOMAIN)),
        // token expiry
        refused(CrdObjects::token, set("spec.expiresAt", "2030-02-30T00:00:00Z"), "spec.expiresAt",
            failedRule(Validation.REAL_TIMESTAMP)),
        refused(CrdObjects::token, set("spec.expiresAt", "2030-01-31T24:00:00Z"), "spec.expiresAt",
            failedRule(Validation.REAL_TIMESTAMP)),
        refused(CrdObjects::token, set("spec.expiresAt", "1969-12-31T23:59:59Z"), "spec.expiresAt", EXPIRES_AT_REAL),
        refused(CrdObjects::token, set("spec.expiresAt", "2030-01-31T12:00Z"), "spec.expiresAt", shouldMatch(Validation.RFC3339)),
        refused(CrdObjects::token, set("spec.expiresAt", "2030-01-31T12:00:00.1234567890Z"), "spec.expiresAt",
            shouldMatch(Validation.RFC3339)),
        // what the registration API writes into a Node
        refused(CrdObjects::node, set("spec.ipv4", "10.100.0.256"), "spec.ipv4", shouldMatch(Validation.IPV4)),
        refused(CrdObjects::node, set("spec.ipv6", "10.100.0.2"), "spec.ipv6", "ipv6 must be an IPv6 address"),
        refused(CrdObjects::node, set("spec.ipv6", "fd00:100::zz"), "spec.ipv6", "ipv6 must be an IPv6 address"),
        refused(CrdObjects::node, set("spec.hostname", "bad host"), "spec.hostname", shouldMatch(Validation.HOSTNAME)),
        refused(CrdObjects::node, set("spec.os", "Linux\tx86_64"), "spec.os", shouldMatch(Validation.PRINTABLE_ASCII)),
        refused(CrdObjects::node, set("spec.endpoints", List.of(Map.of("host", "", "port", 51820))), "spec.endpoints[0].host",
            "should be at least 1 chars long"),
        refused(CrdObjects::node, set("spec.endpoints", List.of(Map.of("host", "203.0.113.7", "port", 0))), "spec.endpoints[0].port",
            "should be greater than or equal to 1.0"),
        // the claim's address names it
        refused(CrdObjects::ipAllocation, set("spec.address", "not-an-ip"), "spec.address", ALLOCATION_ADDRESS),
        refused(CrdObjects::ipAllocation, set("spec.address", "10.100.0.5/32"), "spec.address", ALLOCATION_ADDRESS),
        refused(CrdObjects::ipAllocation, set("spec.address", "FD00:100::5"), "spec.address", ALLOCATION_ADDRESS),
        refused(CrdObjects::ipAllocation, set("spec.address", "fd00:100:0:0::5"), "spec.address", ALLOCATION_ADDRESS),
        // routes become peers' allowed IPs
        refused(CrdObjects::vrouter, set("spec.routes", List.of("192.168.10.0/33")), "spec.routes", ROUTE_IS_NETWORK),
        refused(CrdObjects::vrouter, set("spec.routes", List.of("192.168.10.1/24")), "spec.routes", ROUTE_IS_NETWORK),
        refused(CrdObjects::vrouter, set("spec.routes", List.of("192.168.10.0")), "spec.routes", ROUTE_IS_NETWORK),
        refused(CrdObjects::vrouter, set("spec.cvlans", List.of("Blue")), "spec.cvlans[0]", shouldMatch(Validation.DNS_LABEL)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedValues")
  void refusedOnCreate(Map<String, Object> base, Edit edit, String field, String message) {
    List<Violation> violations = rulesOf(base).create(edit.applyTo(base));

    assertThat(violations).singleElement().satisfies(v -> {
      assertThat(v.field()).isEqualTo(field);
      assertThat(v.message()).startsWith(message);
    });
  }

  private static Arguments admitted(Supplier<Map<String, Object>> base, Edit edit) {
    return Arguments.of(Named.of(edit.name(), base.get()), edit);
  }

  static Stream<Arguments> admittedValues() {
    Edit dualStack = set("spec.ipv6Cidr", "fd00:100::/64");
    return Stream.of(
        admitted(CrdObjects::cvlan, set("spec.dns", Map.of("nameservers", List.of("10.100.0.1", "fd00:100::1"),
            "searchDomains", List.of("blue.cvlan.internal", "Corp.Example.com.")))),
        admitted(CrdObjects::cvlan, ports("443", "8000-8100", "1", "65535", "1-65535", "53-53")),
        admitted(CrdObjects::cvlan, set("spec.nodeExpiry", "1ns")),
        admitted(CrdObjects::cvlan, set("spec.nodeExpiry", "1h30m")),
        admitted(CrdObjects::cvlan, set("spec.certificates", Map.of("clientDuration", "8760h", "vrouterDuration", "90m",
            "issuerRef", Map.of("name", "ca", "kind", "ClusterIssuer")))),
        admitted(CrdObjects::cvlan, set("spec.cidr", "10.0.0.0/8")),
        admitted(CrdObjects::cvlan, set("spec.cidr", "10.100.0.0/30")),
        admitted(CrdObjects::cvlan, set("spec.ipv6Cidr", "fd00::/48")),
        admitted(CrdObjects::cvlan, set("spec.ipv6Cidr", "fd00:100::/124")),
        admitted(() -> dualStack.applyTo(CrdObjects.cvlan()),
            reserved("10.100.0.7", "10.100.0.10-10.100.0.20", "10.100.1.0/24", "10.100.0.0/16", "fd00:100::5",
                "fd00:100::10-fd00:100::20", "fd00:100::/120")),
        admitted(CrdObjects::token, set("spec.expiresAt", "2030-01-31T13:00:00+01:00")),
        admitted(CrdObjects::token, set("spec.expiresAt", "2028-02-29T00:00:00.123456789Z")),
        admitted(CrdObjects::token, set("spec.ttl", "45s")),
        admitted(CrdObjects::token, set("spec.ttl", "87600h")),
        admitted(CrdObjects::node, set("spec.ipv6", "fd00:100::2").and(set("spec.hostname", "Laptop-01.corp"))
            .and(set("spec.os", "Linux 6.8 (x86_64)")).and(set("spec.kubernetesNode", "worker-1"))),
        admitted(CrdObjects::ipAllocation, set("spec.address", "fd00:100::5")),
        admitted(CrdObjects::vrouter, set("spec.routes", List.of("192.168.10.0/24", "fd00:200::/64", "0.0.0.0/0"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("admittedValues")
  void admittedOnCreate(Map<String, Object> base, Edit edit) {
    assertThat(rulesOf(base).create(edit.applyTo(base))).isEmpty();
  }

  /** The schema's prefix bounds are the allocator's: one side must not admit what the other refuses. */
  @ParameterizedTest(name = "IPv{0}")
  @ValueSource(ints = {4, 6})
  void networksTheSchemaAdmitsAreTheOnesTheAllocatorTakes(int family) {
    int min = family == 4 ? AddressSpaceParser.MIN_IPV4_PREFIX : AddressSpaceParser.MIN_IPV6_PREFIX;
    int max = family == 4 ? AddressSpaceParser.MAX_IPV4_PREFIX : AddressSpaceParser.MAX_IPV6_PREFIX;
    for (int prefix : new int[] {min - 1, min, max, max + 1}) {
      String cidr = family == 4 ? "10.0.0.0/" + prefix : "fd00::/" + prefix;
      Map<String, Object> cvlan = family == 4 ? set("spec.cidr", cidr).applyTo(CrdObjects.cvlan())
          : set("spec.ipv6Cidr", cidr).applyTo(CrdObjects.cvlan());
      boolean allocatorTakes = family == 4 ? AddressSpaceParser.parse(cidr, null, List.of()) instanceof AddressSpaceParser.Result.Valid
          : AddressSpaceParser.parse("10.100.0.0/16", cidr, List.of()) instanceof AddressSpaceParser.Result.Valid;

      assertThat(rulesOf(cvlan).create(cvlan).isEmpty()).as(cidr).isEqualTo(allocatorTakes);
    }
  }

  /** A token whose expiresAt the schema admits is one the operator can give a lifetime, and the reverse. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"2030-01-31T12:00:00Z", "2030-01-31T13:00:00+01:00", "2030-01-31T12:00:00.5Z",
      "2030-02-30T00:00:00Z", "2030-01-31T12:00Z", "2030-01-31T12:00:00", "2030-01-31 12:00:00Z", "2030-13-01T00:00:00Z",
      "2030-01-31T12:00:00.1234567890Z", "2030-01-31T23:59:60Z"})
  void expiresAtTheSchemaAdmitsIsOneTheOperatorReads(String expiresAt) {
    Map<String, Object> object = set("spec.expiresAt", expiresAt).applyTo(CrdObjects.token());
    RegistrationToken token = new RegistrationToken();
    token.setSpec(new RegistrationTokenSpec());
    token.getSpec().setExpiresAt(expiresAt);

    assertThat(rulesOf(object).create(object).isEmpty())
        .isEqualTo(TokenLifetime.expiresAt(token) instanceof TokenLifetime.Result.Valid);
  }

  /** The allocator names a claim from its address's canonical text; the schema must admit exactly that text. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"fd00:100::", "fd00:100::5", "fd00:100:0:0:1::5", "fd00:100:0:1:0:0:0:5", "fd00:100::ffff:5",
      "fd00:0:0:0:1:0:0:0", "2001:db8:0:0:0:0:0:1", "10.100.0.5", "10.100.255.254"})
  void addressesTheAllocatorWritesAreCanonicalForTheApiServer(String address) throws Exception {
    String written = new IPAddressString(address).toAddress().withoutPrefixLength().toCanonicalString();
    Map<String, Object> claim = set("spec.address", written).applyTo(CrdObjects.ipAllocation());

    assertThat(rulesOf(claim).create(claim)).as(written).isEmpty();
  }

  private static Edit ports(String... ports) {
    return set("spec.packetFilter", List.of(Map.of("ports", List.of(ports))));
  }

  private static Edit reserved(String... entries) {
    return set("spec.reserved", List.of(entries));
  }

  private static CrdValidationRules rulesOf(Map<String, Object> object) {
    return CrdValidationRules.of(CrdObjects.crdFile(object));
  }
}
