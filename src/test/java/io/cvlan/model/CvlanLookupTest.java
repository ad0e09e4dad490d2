package io.cvlan.model;

import static io.cvlan.testing.TestResources.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.ipam.AddressSpaceParser;
import io.cvlan.model.CvlanLookup.Problem;
import io.cvlan.model.CvlanLookup.Unusable;
import io.cvlan.model.CvlanLookup.Usable;
import io.cvlan.testing.TestResources;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one "can this CVLAN take members?" rule, and the condition reason every referring kind reports. */
class CvlanLookupTest {
  static CvlanLookup lookup(CVLAN found) {
    return CvlanLookup.of(NAMESPACE, "blue", Optional.ofNullable(found));
  }

  static CVLAN ready() {
    return TestResources.readyCvlan("blue", "10.100.0.0/16");
  }

  @Test
  void anAbsentCvlanIsNotFound() {
    assertThat(lookup(null)).isEqualTo(new Unusable(Problem.NOT_FOUND, "CVLAN blue does not exist in namespace tenant-a"));
  }

  @Test
  void aCvlanBeingDeletedIsUnusableEvenWhenReady() {
    assertThat(lookup(TestResources.deleting(ready()))).isEqualTo(new Unusable(Problem.BEING_DELETED, "CVLAN blue is being deleted"));
  }

  @Test
  void aCvlanNotReconciledYetIsNotReady() {
    CVLAN fresh = TestResources.cvlan("blue", "10.100.0.0/16");

    assertThat(lookup(fresh)).isEqualTo(new Unusable(Problem.NOT_READY, "CVLAN blue is not Ready (not reconciled yet)"));
  }

  @Test
  void aCvlanNotReadySaysWhyWithTheReadyConditionsReason() {
    CVLAN overlapping = TestResources.withCondition(TestResources.cvlan("blue", "10.100.0.0/16"),
        CvlanConditions.READY, Conditions.FALSE, CvlanConditions.REASON_CIDR_OVERLAP);

    assertThat(lookup(overlapping)).isEqualTo(new Unusable(Problem.NOT_READY, "CVLAN blue is not Ready (CIDROverlap)"));
  }

  @Test
  void aReadyConditionWithoutAReasonReadsAsNotReconciledYet() {
    CVLAN reasonless = TestResources.withCondition(TestResources.cvlan("blue", "10.100.0.0/16"),
        CvlanConditions.READY, Conditions.FALSE, null);

    assertThat(lookup(reasonless)).isEqualTo(new Unusable(Problem.NOT_READY, "CVLAN blue is not Ready (not reconciled yet)"));
  }

  @Test
  void otherTrueConditionsDoNotMakeACvlanReady() {
    CVLAN exhaustedOnly = TestResources.withCondition(TestResources.cvlan("blue", "10.100.0.0/16"),
        CvlanConditions.EXHAUSTED, Conditions.TRUE, CvlanConditions.REASON_NO_FREE_ADDRESSES);

    assertThat(lookup(exhaustedOnly)).isEqualTo(new Unusable(Problem.NOT_READY, "CVLAN blue is not Ready (not reconciled yet)"));
  }

  @Test
  void aReadyCvlanWhoseAddressSpaceNoLongerParsesIsInvalid() {
    CVLAN hostBits = ready();
    hostBits.getSpec().setCidr("10.100.0.1/16");

    assertThat(lookup(hostBits)).isEqualTo(new Unusable(Problem.INVALID,
        "CVLAN blue is invalid: cidr 10.100.0.1/16 has host bits set; did you mean 10.100.0.0/16?"));
  }

  @Test
  void aReadyCvlanWithAValidAddressSpaceIsUsable() {
    CVLAN blue = ready();
    blue.getSpec().setIpv6Cidr("fd00:100::/64");
    blue.getSpec().setReserved(List.of("10.100.0.10-10.100.0.20"));

    assertThat(lookup(blue)).isEqualTo(new Usable(blue,
        ((AddressSpaceParser.Result.Valid) AddressSpaceParser.parse("10.100.0.0/16", "fd00:100::/64",
            List.of("10.100.0.10-10.100.0.20"))).space()));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "NOT_FOUND,     CVLANNotFound",
      "BEING_DELETED, CVLANNotFound",
      "NOT_READY,     CVLANNotReady",
      "INVALID,       CVLANNotReady",
  })
  void everyProblemMapsToTheConditionReasonOfTheReferringKinds(Problem problem, String reason) {
    assertThat(new Unusable(problem, "any").reason()).isEqualTo(reason);
  }

  static CvlanLookup forMember(CVLAN found) {
    return CvlanLookup.forMember(NAMESPACE, "blue", Optional.ofNullable(found));
  }

  @Test
  void anAdmittedMemberKeepsItsCvlanWhileTheCvlanIsNotReconciledYet() {
    CVLAN fresh = TestResources.cvlan("blue", "10.100.0.0/16");

    assertThat(forMember(fresh)).isInstanceOf(Usable.class);
  }

  @Test
  void anAdmittedMemberKeepsItsCvlanThroughATransientReconcileError() {
    CVLAN erring = TestResources.withCondition(TestResources.cvlan("blue", "10.100.0.0/16"),
        CvlanConditions.READY, Conditions.UNKNOWN, "ReconcileError");

    assertThat(forMember(erring)).isInstanceOf(Usable.class);
  }

  @Test
  void anAdmittedMemberStillLosesACvlanThatIsGoneOrBeingDeleted() {
    assertThat(forMember(null)).isEqualTo(new Unusable(Problem.NOT_FOUND, "CVLAN blue does not exist in namespace tenant-a"));
    assertThat(forMember(TestResources.deleting(ready()))).isEqualTo(new Unusable(Problem.BEING_DELETED, "CVLAN blue is being deleted"));
  }

  @Test
  void anAdmittedMemberLosesACvlanFoundOverlappingAnOlderOne() {
    CVLAN overlapping = TestResources.withCondition(TestResources.cvlan("blue", "10.100.0.0/16"),
        CvlanConditions.OVERLAPPING, Conditions.TRUE, CvlanConditions.REASON_CIDR_OVERLAP);

    assertThat(forMember(overlapping)).isEqualTo(new Unusable(Problem.NOT_READY, "CVLAN blue overlaps an older CVLAN (CIDROverlap)"));
  }
}
