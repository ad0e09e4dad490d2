package io.cvlan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cel.bundle.Cel;
import dev.cel.common.CelValidationException;
import dev.cel.runtime.CelEvaluationException;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The emulated Kubernetes IP and CIDR functions answer as kube-apiserver's do: the examples of
 * k8s.io/apiserver/pkg/cel/library ip.go and cidr.go, and Go net/netip's refusals.
 */
class CrdCelLibraryTest {
  private static final Cel CEL = KubernetesCel.builder().build();

  private static Object eval(String expression) throws CelValidationException, CelEvaluationException {
    return CEL.createProgram(CEL.compile(expression).getAst()).eval(Map.of());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      // isIP
      "isIP('127.0.0.1')", "isIP('::1')", "isIP('::')", "isIP('0.0.0.0')", "isIP('2001:db8::abcd')",
      "isIP('1:2:3:4:5:6:7:8')", "isIP('1:2:3:4:5:6:1.2.3.4')", "isIP('::1.2.3.4')", "isIP('2001:DB8::ABCD')",
      "isIP('1:2:3:4:5:6:7::')",
      "!isIP('127.0.0.256')", "!isIP(':::1')", "!isIP('::ffff:1.2.3.4')", "!isIP('fe80::1%eth0')", "!isIP('010.1.1.1')",
      "!isIP('1.2.3')", "!isIP('1.2.3.4.5')", "!isIP('')", "!isIP('not-an-ip')", "!isIP('1:2:3:4:5:6:7:8:9')",
      "!isIP('1::2::3')", "!isIP('1:2:3:4:5:6:7:8::')", "!isIP('12345::')", "!isIP(' 1.2.3.4')", "!isIP('1.2.3.4/32')",
      "!isIP('[::1]')", "!isIP('1:2:3:4:5:1.2.3.4')", "!isIP('::1.2.3.04')", "!isIP('1.2.3.4:80')",
      // isCIDR: host bits may be set; masked() tells
      "isCIDR('192.168.0.0/16')", "isCIDR('::1/128')", "isCIDR('10.0.0.1/8')", "isCIDR('0.0.0.0/0')",
      "!isCIDR('192.168.0.0/33')", "!isCIDR('::1/129')", "!isCIDR('10.0.0.0/08')", "!isCIDR('10.0.0.0/+8')",
      "!isCIDR('10.0.0.0')", "!isCIDR('::ffff:1.2.3.4/120')", "!isCIDR('fe80::1%eth0/64')", "!isCIDR('10.0.0.0/')",
      // canonical form: Go's Addr.String()
      "ip.isCanonical('127.0.0.1')", "ip.isCanonical('2001:db8::abcd')", "!ip.isCanonical('2001:DB8::ABCD')",
      "!ip.isCanonical('2001:db8::0:0:0:abcd')", "ip.isCanonical('2001:db8:0:1:1:1:1:1')",
      "!ip.isCanonical('2001:db8::1:1:1:1:1')", "!isIP('2001:db8::1:1:1:1:1:1')", "ip.isCanonical('1:0:0:1::1')", "ip.isCanonical('1::2:0:0:3:4')",
      "!ip.isCanonical('0001::1')", "ip.isCanonical('::')", "ip.isCanonical('::1:2')", "ip.isCanonical('1::')",
      "string(ip('2001:DB8:0:0:1:0:0:1')) == '2001:db8::1:0:0:1'",
      // family, prefixLength, masked, containsIP
      "ip('127.0.0.1').family() == 4", "ip('::1').family() == 6", "cidr('::1/128').ip().family() == 6",
      "cidr('192.168.0.1/24').ip() == ip('192.168.0.1')",
      "cidr('192.168.0.0/16').prefixLength() == 16", "cidr('::1/128').prefixLength() == 128",
      "cidr('192.168.0.1/24').masked() == cidr('192.168.0.0/24')",
      "cidr('192.168.0.1/24') != cidr('192.168.0.1/24').masked()",
      "cidr('192.168.0.0/24') == cidr('192.168.0.0/24').masked()",
      "string(cidr('fd00:100::5/64').masked()) == 'fd00:100::/64'",
      "cidr('192.168.0.0/24').containsIP(ip('192.168.0.1'))", "!cidr('192.168.0.0/24').containsIP(ip('192.168.1.1'))",
      "cidr('192.168.0.0/24').containsIP('192.168.0.1')", "!cidr('192.168.0.0/24').containsIP('192.168.1.1')",
      "!cidr('0.0.0.0/0').containsIP('::1')", "cidr('fd00:100::/64').containsIP('fd00:100::ffff')",
  })
  void answersAsKubernetesDoes(String expression) throws Exception {
    assertThat(eval(expression)).isEqualTo(true);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ip('127.0.0.256')", "ip('::ffff:1.2.3.4')", "cidr('192.168.0.0/33')",
      "cidr('10.0.0.0')", "ip.isCanonical('x')", "cidr('10.0.0.0/8').containsIP('x')"})
  void aValueThatIsNotAnAddressIsAnError(String expression) {
    assertThatThrownBy(() -> eval(expression)).isInstanceOf(CelEvaluationException.class);
  }
}
