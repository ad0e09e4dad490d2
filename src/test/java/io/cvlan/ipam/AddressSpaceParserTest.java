package io.cvlan.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.ipam.AddressSpaceParser.Result;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressSpaceParserTest {

  static AddressSpace valid(String cidr, String ipv6, List<String> reserved) {
    Result r = AddressSpaceParser.parse(cidr, ipv6, reserved);
    assertThat(r).isInstanceOf(Result.Valid.class);
    return ((Result.Valid) r).space();
  }

  static String problem(String cidr, String ipv6, List<String> reserved) {
    Result r = AddressSpaceParser.parse(cidr, ipv6, reserved);
    assertThat(r).isInstanceOf(Result.Invalid.class);
    return ((Result.Invalid) r).message();
  }

  @Test
  void capacityExcludesNetworkBroadcastAndFirstHost() {
    assertThat(valid("10.100.0.0/24", null, List.of()).capacity()).isEqualTo(256 - 3);
    assertThat(valid("10.100.0.0/16", null, List.of()).capacity()).isEqualTo(65536 - 3);
  }

  @Test
  void capacityCountsOverlappingReservedEntriesOnce() {
    AddressSpace space = valid("10.100.0.0/24", null,
        List.of("10.100.0.10", "10.100.0.10-10.100.0.19", "10.100.0.16/30", "10.100.0.1"));
    assertThat(space.capacity()).isEqualTo(256 - 3 - 10);
  }

  @Test
  void reservedAddressesAreReportedAsReserved() {
    AddressSpace space = valid("10.100.0.0/24", "fd00:1::/64", List.of("10.100.0.50-10.100.0.60", "fd00:1::5"));
    assertThat(space.isReserved(new inet.ipaddr.IPAddressString("10.100.0.55").getAddress())).isTrue();
    assertThat(space.isReserved(new inet.ipaddr.IPAddressString("10.100.0.1").getAddress())).isTrue();
    assertThat(space.isReserved(new inet.ipaddr.IPAddressString("10.100.0.2").getAddress())).isFalse();
    assertThat(space.isReserved(new inet.ipaddr.IPAddressString("fd00:1::5").getAddress())).isTrue();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "10.100.0.0|has no prefix length",
      "10.100.0.5/16|has host bits set; did you mean 10.100.0.0/16?",
      "10.100.0.0/31|use a prefix between /8 and /30",
      "10.0.0.0/4|use a prefix between /8 and /30",
      "300.1.0.0/16|is not a valid CIDR",
      "fd00::/64|is not an IPv4 network",
      "banana|is not a valid CIDR",
  })
  void invalidIpv4CidrIsExplained(String cidr, String expected) {
    assertThat(problem(cidr, null, List.of())).contains("cidr " + cidr).contains(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "fd00::/32|use a prefix between /48 and /124",
      "fd00::1/64|has host bits set",
      "10.0.0.0/16|is not an IPv6 network",
      "fd00::zz/64|is not a valid CIDR",
  })
  void invalidIpv6CidrIsExplained(String cidr, String expected) {
    assertThat(problem("10.100.0.0/16", cidr, List.of())).contains("ipv6Cidr " + cidr).contains(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "10.200.0.1|is outside 10.100.0.0/16",
      "10.100.0.9-10.100.0.2|is not a range of two addresses, lowest first",
      "nonsense|is not an IP address, a range (a-b) or a CIDR",
      "10.100.0.1/24|has host bits set",
      "fd00::1|is IPv6 but the CVLAN has no ipv6Cidr",
  })
  void invalidReservedEntryIsExplained(String entry, String expected) {
    assertThat(problem("10.100.0.0/16", null, List.of(entry))).contains(entry).contains(expected);
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    assertThat(problem("10.100.0.5/16", "fd00::/8", List.of("x")))
        .contains("cidr 10.100.0.5/16").contains("ipv6Cidr fd00::/8");
  }

  @Test
  void overlapIsFoundInEitherFamily() {
    AddressSpace blue = valid("10.100.0.0/16", "fd00:1::/64", List.of());
    AddressSpace red = valid("10.100.128.0/17", null, List.of());
    AddressSpace green = valid("10.101.0.0/16", "fd00:1::/64", List.of());
    AddressSpace other = valid("10.102.0.0/16", "fd00:2::/64", List.of());
    assertThat(red.overlapsWith(blue)).containsExactly("10.100.0.0/16");
    assertThat(green.overlapsWith(blue)).containsExactly("fd00:1::/64");
    assertThat(other.overlapsWith(blue)).isEmpty();
  }
}
