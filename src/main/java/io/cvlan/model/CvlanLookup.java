package io.cvlan.model;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.ipam.AddressSpace;
import io.cvlan.ipam.AddressSpaceParser;
import java.util.Optional;

/**
 * Whether a CVLAN can take members — present, not being deleted, Ready, with a valid address space — or why
 * not. The one rule that Nodes, VRouters, RegistrationTokens and the registration API all apply.
 */
public sealed interface CvlanLookup {
  record Usable(CVLAN cvlan, AddressSpace space) implements CvlanLookup {}

  /** {@code reason} is a condition reason shared by every kind that refers to a CVLAN. */
  record Unusable(Problem problem, String message) implements CvlanLookup {
    public String reason() {
      return gone() ? NodeConditions.REASON_CVLAN_NOT_FOUND : NodeConditions.REASON_CVLAN_NOT_READY;
    }

    /** The CVLAN is gone or going: its addresses, CA and peers with it. */
    public boolean gone() {
      return problem == Problem.NOT_FOUND || problem == Problem.BEING_DELETED;
    }
  }

  enum Problem {
    NOT_FOUND, BEING_DELETED, NOT_READY, INVALID
  }

  /** For what joins now: the CVLAN must be Ready (reconciled, not overlapping an older one). */
  static CvlanLookup of(String namespace, String name, Optional<CVLAN> found) {
    return lookup(namespace, name, found, true);
  }

  /**
   * For members it already admitted (a Node holding its addresses): the same CVLAN still there, not being
   * deleted, its address space valid and not found overlapping an older CVLAN — its Ready condition is not
   * asked. A member must not leave because its CVLAN is not reconciled yet (an operator starting with ten
   * thousand Nodes queued ahead of their CVLAN) or had a transient error (Ready=Unknown, ReconcileError, as
   * operators before issue 12 wrote it): membership, once given, follows the CVLAN's existence and validity.
   */
  static CvlanLookup forMember(String namespace, String name, Optional<CVLAN> found) {
    return lookup(namespace, name, found, false);
  }

  /**
   * Whether a change of the CVLAN can matter to what refers to it: a lookup may answer differently (Ready and
   * its reason, Overlapping, deletion, spec), or an address may have come free (Exhausted). The rest of its status churn
   * — counts, peer versions, written as members come and go — is nobody else's business: ten thousand
   * Nodes re-queued for each would be the operator's busiest work.
   */
  public static boolean standingChanged(CVLAN newer, CVLAN older) {
    return Conditions.flipped(newer.getStatus(), older.getStatus(), CvlanConditions.READY)
        || !java.util.Objects.equals(Conditions.reason(newer.getStatus(), CvlanConditions.READY),
            Conditions.reason(older.getStatus(), CvlanConditions.READY))
        || Conditions.flipped(newer.getStatus(), older.getStatus(), CvlanConditions.OVERLAPPING)
        || Conditions.flipped(newer.getStatus(), older.getStatus(), CvlanConditions.EXHAUSTED)
        || !java.util.Objects.equals(newer.getMetadata().getGeneration(), older.getMetadata().getGeneration())
        || (newer.getMetadata().getDeletionTimestamp() == null) != (older.getMetadata().getDeletionTimestamp() == null);
  }

  private static CvlanLookup lookup(String namespace, String name, Optional<CVLAN> found, boolean mustBeReady) {
    if (found.isEmpty()) {
      return new Unusable(Problem.NOT_FOUND, "CVLAN " + name + " does not exist in namespace " + namespace);
    }
    CVLAN cvlan = found.get();
    if (cvlan.getMetadata().getDeletionTimestamp() != null) {
      return new Unusable(Problem.BEING_DELETED, "CVLAN " + name + " is being deleted");
    }
    if (mustBeReady && !Conditions.isTrue(cvlan.getStatus(), CvlanConditions.READY)) {
      return new Unusable(Problem.NOT_READY, "CVLAN " + name + " is not Ready ("
          + Optional.ofNullable(Conditions.reason(cvlan.getStatus(), CvlanConditions.READY)).orElse("not reconciled yet") + ")");
    }
    if (!mustBeReady && Conditions.isTrue(cvlan.getStatus(), CvlanConditions.OVERLAPPING)) {
      return new Unusable(Problem.NOT_READY, "CVLAN " + name + " overlaps an older CVLAN ("
          + Optional.ofNullable(Conditions.reason(cvlan.getStatus(), CvlanConditions.OVERLAPPING)).orElse("Overlapping") + ")");
    }
    var parsed = AddressSpaceParser.parse(cvlan.getSpec().getCidr(), cvlan.getSpec().getIpv6Cidr(), cvlan.getSpec().getReserved());
    if (parsed instanceof AddressSpaceParser.Result.Invalid invalid) {
      return new Unusable(Problem.INVALID, "CVLAN " + name + " is invalid: " + invalid.message());
    }
    return new Usable(cvlan, ((AddressSpaceParser.Result.Valid) parsed).space());
  }
}
