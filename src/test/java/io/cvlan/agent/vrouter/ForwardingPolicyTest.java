package io.cvlan.agent.vrouter;

import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.agent.vrouter.PolicyRule.Action;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each CVLAN reaches the advertised subnets and nothing else; never another CVLAN. */
class ForwardingPolicyTest {
  static final CvlanLink BLUE = new CvlanLink("blue", "cvl-blue", 51820, "10.77.0.2/24", "10.77.0.0/24", List.of("10.77.0.2"));
  static final CvlanLink GREEN = new CvlanLink("green", "cvl-green", 51821, "10.78.0.2/24", "10.78.0.0/24", List.of("10.78.0.2"));

  @Test
  void oneCvlanReachesTheSiteAndIsRefusedEverythingElse() {
    assertThat(ForwardingPolicy.rules(List.of(BLUE), List.of("192.168.50.0/24"))).containsExactly(
        new PolicyRule(ForwardingPolicy.ALLOW, "cvl-blue", Optional.of("192.168.50.0/24"), Action.MAIN),
        new PolicyRule(ForwardingPolicy.REFUSE, "cvl-blue", Optional.empty(), Action.PROHIBIT));
  }

  @Test
  void twoCvlansAreRefusedEachOthersNetworkBeforeTheSiteIsAllowed() {
    List<PolicyRule> rules = ForwardingPolicy.rules(List.of(BLUE, GREEN), List.of("192.168.50.0/24"));

    assertThat(rules).contains(
        new PolicyRule(ForwardingPolicy.ISOLATE, "cvl-blue", Optional.of("10.78.0.0/24"), Action.PROHIBIT),
        new PolicyRule(ForwardingPolicy.ISOLATE, "cvl-green", Optional.of("10.77.0.0/24"), Action.PROHIBIT));
    assertThat(ForwardingPolicy.ISOLATE).isLessThan(ForwardingPolicy.ALLOW);
  }

  @Test
  void aDefaultRouteToTheSiteStillDoesNotBridgeTwoCvlans() {
    List<PolicyRule> rules = ForwardingPolicy.rules(List.of(BLUE, GREEN), List.of("0.0.0.0/0"));

    assertThat(rules).contains(
        new PolicyRule(ForwardingPolicy.ISOLATE, "cvl-blue", Optional.of("10.78.0.0/24"), Action.PROHIBIT),
        new PolicyRule(ForwardingPolicy.ALLOW, "cvl-blue", Optional.empty(), Action.MAIN));
  }

  @Test
  void ipv6RoutesAreNotForwarded() {
    assertThat(ForwardingPolicy.rules(List.of(BLUE), List.of("fd10::/64")))
        .containsExactly(new PolicyRule(ForwardingPolicy.REFUSE, "cvl-blue", Optional.empty(), Action.PROHIBIT));
  }

  @Test
  void rulesReadBackFromIpCompareEqualSoNothingChangesTwice() throws Exception {
    List<PolicyRule> wanted = ForwardingPolicy.rules(List.of(BLUE), List.of("192.168.50.0/24"));
    String ipJson = "[{\"priority\":0,\"src\":\"all\",\"table\":\"local\"},"
        + "{\"priority\":20001,\"src\":\"all\",\"dst\":\"192.168.50.0\",\"dstlen\":24,\"iif\":\"cvl-blue\",\"table\":\"main\"},"
        + "{\"priority\":20002,\"src\":\"all\",\"iif\":\"cvl-blue\",\"action\":\"prohibit\"},"
        + "{\"priority\":20002,\"src\":\"all\",\"iif\":\"cvl-gone\",\"action\":\"prohibit\"},"
        + "{\"priority\":32766,\"src\":\"all\",\"table\":\"main\"}]";

    PolicyRules.Diff diff = PolicyRules.diff(PolicyRules.read(ipJson), wanted);

    assertThat(diff.added()).isEmpty();
    assertThat(diff.removed()).containsExactly(new PolicyRule(ForwardingPolicy.REFUSE, "cvl-gone", Optional.empty(), Action.PROHIBIT));
  }
}
