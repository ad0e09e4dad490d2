package io.cvlan.agent.vrouter;

import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.registration.protocol.VRouterCvlanDto;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One interface per CVLAN, named deterministically within Linux's 15 characters. */
class CvlanLinksTest {
  @Test
  void shortNamesAreThePrefixAndTheCvlan() {
    assertThat(CvlanLinks.interfaceName("cvl-", "blue")).isEqualTo("cvl-blue");
  }

  @Test
  void longNamesAreCutAndHashedSoThatTheyStayApart() {
    String a = CvlanLinks.interfaceName("cvl-", "production-eu-west");
    String b = CvlanLinks.interfaceName("cvl-", "production-eu-east");

    assertThat(a).hasSizeLessThanOrEqualTo(15).startsWith("cvl-produc");
    assertThat(b).hasSizeLessThanOrEqualTo(15);
    assertThat(a).isNotEqualTo(b).isEqualTo(CvlanLinks.interfaceName("cvl-", "production-eu-west"));
  }

  @Test
  void eachCvlanGetsItsAddressWithTheCvlansPrefixAndTheNextPort() {
    List<CvlanLink> links = CvlanLinks.of("cvl-", 51820, List.of(
        new VRouterCvlanDto("blue", "10.77.0.0/24", null, "10.77.0.2", null),
        new VRouterCvlanDto("green", "10.78.0.0/16", "fd00::/64", "10.78.0.2", "fd00::2")));

    assertThat(links).containsExactly(
        new CvlanLink("blue", "cvl-blue", 51820, "10.77.0.2/24", "10.77.0.0/24", List.of("10.77.0.2")),
        new CvlanLink("green", "cvl-green", 51821, "10.78.0.2/16", "10.78.0.0/16", List.of("10.78.0.2", "fd00::2")));
  }
}
