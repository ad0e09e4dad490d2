package io.cvlan.agent.wireguard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Allowed IPs in the one spelling wireguard-go prints back. */
class WireGuardCidrsTest {

  @Test
  void ipv4HostBitsAreMaskedAndABareAddressIsASlash32() {
    assertThat(Cidrs.canonical("10.1.0.5/24")).isEqualTo("10.1.0.0/24");
    assertThat(Cidrs.canonical("10.1.0.5")).isEqualTo("10.1.0.5/32");
    assertThat(Cidrs.canonical("0.0.0.0/0")).isEqualTo("0.0.0.0/0");
    assertThat(Cidrs.canonical("255.255.255.255/31")).isEqualTo("255.255.255.254/31");
  }

  @Test
  void ipv6IsCompressedAndMasked() {
    assertThat(Cidrs.canonical("fd00:0:0:0:0:0:0:1")).isEqualTo("fd00::1/128");
    assertThat(Cidrs.canonical("fd00:1::5/64")).isEqualTo("fd00:1::/64");
  }

  @Test
  void somethingElseIsRejected() {
    assertThatThrownBy(() -> Cidrs.canonical("10.1.0.256/24")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Cidrs.canonical("10.1.0.1/33")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Cidrs.canonical("example.com")).isInstanceOf(IllegalArgumentException.class);
  }
}
