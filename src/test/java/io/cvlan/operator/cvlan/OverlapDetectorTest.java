package io.cvlan.operator.cvlan;

import static io.cvlan.testing.TestResources.CREATED;
import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.ipam.AddressSpace;
import io.cvlan.ipam.AddressSpaceParser;
import io.cvlan.testing.TestResources;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The older of two overlapping CVLANs keeps working; the newer one is refused with a message naming the older. */
class OverlapDetectorTest {
  static final String ADVICE = "; choose a CIDR that no other CVLAN of this namespace uses";

  /** A CVLAN created {@code minutes} after the first one. */
  static CVLAN cvlan(String name, String cidr, int minutes) {
    return TestResources.createdAt(TestResources.cvlan(name, cidr), CREATED.plus(Duration.ofMinutes(minutes)));
  }

  static CVLAN dualStack(String name, String cidr, String ipv6Cidr, int minutes) {
    CVLAN cvlan = cvlan(name, cidr, minutes);
    cvlan.getSpec().setIpv6Cidr(ipv6Cidr);
    return cvlan;
  }

  static Optional<String> olderOverlaps(CVLAN cvlan, CVLAN... namespace) {
    AddressSpace space = ((AddressSpaceParser.Result.Valid) AddressSpaceParser.parse(cvlan.getSpec().getCidr(),
        cvlan.getSpec().getIpv6Cidr(), cvlan.getSpec().getReserved())).space();
    return OverlapDetector.olderOverlaps(cvlan, space, List.of(namespace));
  }

  @Test
  void aCvlanIsNotComparedWithItself() {
    CVLAN blue = cvlan("blue", "10.100.0.0/16", 0);

    assertThat(olderOverlaps(blue, blue)).isEmpty();
  }

  @Test
  void theNewerOfTwoOverlappingCvlansIsRefusedNamingTheOlderAndItsNetwork() {
    CVLAN blue = cvlan("blue", "10.100.0.0/16", 0);
    CVLAN red = cvlan("red", "10.100.1.0/24", 5);

    assertThat(olderOverlaps(red, blue, red)).contains("networks overlap CVLAN blue (10.100.0.0/16)" + ADVICE);
  }

  @Test
  void theOlderOfTwoOverlappingCvlansKeepsWorking() {
    CVLAN blue = cvlan("blue", "10.100.0.0/16", 0);
    CVLAN red = cvlan("red", "10.100.1.0/24", 5);

    assertThat(olderOverlaps(blue, blue, red)).isEmpty();
  }

  @Test
  void betweenCvlansCreatedInTheSameSecondTheNameDecidesWhichIsOlder() {
    CVLAN alpha = cvlan("alpha", "10.100.0.0/16", 0);
    CVLAN beta = cvlan("beta", "10.100.0.0/16", 0);

    assertThat(olderOverlaps(alpha, alpha, beta)).isEmpty();
    assertThat(olderOverlaps(beta, alpha, beta)).contains("networks overlap CVLAN alpha (10.100.0.0/16)" + ADVICE);
  }

  @ParameterizedTest(name = "{0} vs {1}: overlap {2}")
  @CsvSource({
      "10.100.0.0/16, 10.100.255.0/24, true",
      "10.0.0.0/8,    10.100.0.0/16,   true",
      "10.100.0.0/24, 10.100.0.0/24,   true",
      "10.100.0.0/24, 10.100.1.0/24,   false",
      "10.100.0.0/16, 10.101.0.0/16,   false",
      "10.100.0.0/23, 10.100.2.0/23,   false",
  })
  void ipv4NetworksOverlapWhenTheyShareAnyAddress(String older, String newer, boolean overlap) {
    CVLAN blue = cvlan("blue", older, 0);
    CVLAN red = cvlan("red", newer, 5);

    assertThat(olderOverlaps(red, blue, red))
        .isEqualTo(overlap ? Optional.of("networks overlap CVLAN blue (" + older + ")" + ADVICE) : Optional.empty());
  }

  @Test
  void bothFamiliesAreNamedWhenBothOverlap() {
    CVLAN blue = dualStack("blue", "10.100.0.0/16", "fd00:100::/64", 0);
    CVLAN red = dualStack("red", "10.100.0.0/24", "fd00:100::/64", 5);

    assertThat(olderOverlaps(red, blue, red)).contains("networks overlap CVLAN blue (10.100.0.0/16, fd00:100::/64)" + ADVICE);
  }

  @Test
  void anIpv6OverlapAloneIsAnOverlap() {
    CVLAN blue = dualStack("blue", "10.100.0.0/16", "fd00:100::/48", 0);
    CVLAN red = dualStack("red", "10.101.0.0/16", "fd00:100:0:1::/64", 5);

    assertThat(olderOverlaps(red, blue, red)).contains("networks overlap CVLAN blue (fd00:100::/48)" + ADVICE);
  }

  @Test
  void ipv6NetworksAreComparedOnlyWhenBothCvlansHaveOne() {
    CVLAN blue = dualStack("blue", "10.100.0.0/16", "fd00:100::/64", 0);
    CVLAN red = cvlan("red", "10.101.0.0/16", 5);

    assertThat(olderOverlaps(red, blue, red)).isEmpty();
  }

  @Test
  void everyOlderOverlapIsNamedOldestFirst() {
    CVLAN green = cvlan("green", "10.0.0.0/8", 0);
    CVLAN blue = cvlan("blue", "10.100.0.0/16", 1);
    CVLAN unrelated = cvlan("unrelated", "192.168.0.0/16", 2);
    CVLAN red = cvlan("red", "10.100.7.0/24", 3);

    assertThat(olderOverlaps(red, red, blue, unrelated, green))
        .contains("networks overlap CVLAN green (10.0.0.0/8), CVLAN blue (10.100.0.0/16)" + ADVICE);
  }

  @Test
  void anOlderCvlanWithAnInvalidNetworkIsNoClash() {
    CVLAN broken = cvlan("broken", "10.100.0.1/16", 0);
    CVLAN red = cvlan("red", "10.100.0.0/16", 5);

    assertThat(olderOverlaps(red, broken, red)).isEmpty();
  }
}
