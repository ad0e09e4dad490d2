package io.cvlan.operator.cvlan;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.ipam.AddressSpace;
import io.cvlan.ipam.AddressSpaceParser;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Finds the CVLANs of a namespace whose networks a CVLAN overlaps. The older CVLAN keeps working and the
 * newer one is refused, so adding a bad CVLAN never breaks a network already in use.
 */
public final class OverlapDetector {
  static final Comparator<CVLAN> AGE = Comparator
      .comparing((CVLAN c) -> String.valueOf(c.getMetadata().getCreationTimestamp()))
      .thenComparing(c -> c.getMetadata().getName());

  private OverlapDetector() {}

  /** A message naming each older CVLAN this one overlaps, or empty when it overlaps none. */
  public static Optional<String> olderOverlaps(CVLAN cvlan, AddressSpace space, List<CVLAN> namespace) {
    List<String> clashes = namespace.stream()
        .filter(other -> !other.getMetadata().getName().equals(cvlan.getMetadata().getName()))
        .filter(other -> AGE.compare(other, cvlan) < 0)
        .sorted(AGE)
        .flatMap(other -> spaceOf(other)
            .map(s -> space.overlapsWith(s))
            .filter(shared -> !shared.isEmpty())
            .map(shared -> "CVLAN " + other.getMetadata().getName() + " (" + String.join(", ", shared) + ")")
            .stream())
        .toList();
    return clashes.isEmpty()
        ? Optional.empty()
        : Optional.of("networks overlap " + String.join(", ", clashes)
            + "; choose a CIDR that no other CVLAN of this namespace uses");
  }

  static Optional<AddressSpace> spaceOf(CVLAN cvlan) {
    if (cvlan.getSpec() == null) {
      return Optional.empty();
    }
    return AddressSpaceParser.parse(cvlan.getSpec().getCidr(), cvlan.getSpec().getIpv6Cidr(), cvlan.getSpec().getReserved())
        instanceof AddressSpaceParser.Result.Valid v ? Optional.of(v.space()) : Optional.empty();
  }
}
