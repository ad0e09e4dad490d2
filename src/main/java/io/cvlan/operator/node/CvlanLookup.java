package io.cvlan.operator.node;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.ipam.AddressSpace;
import io.cvlan.ipam.AddressSpaceParser;
import io.cvlan.operator.Conditions;
import io.cvlan.operator.cvlan.CvlanConditions;
import java.util.Optional;

/** A CVLAN a node or vrouter may join: present, Ready, and with a valid address space — or why not. */
public sealed interface CvlanLookup {
  record Usable(CVLAN cvlan, AddressSpace space) implements CvlanLookup {}

  record Unusable(String reason, String message) implements CvlanLookup {}

  static CvlanLookup of(String namespace, String name, Optional<CVLAN> found) {
    if (found.isEmpty()) {
      return new Unusable(NodeConditions.REASON_CVLAN_NOT_FOUND,
          "CVLAN " + name + " does not exist in namespace " + namespace);
    }
    CVLAN cvlan = found.get();
    if (cvlan.getMetadata().getDeletionTimestamp() != null) {
      return new Unusable(NodeConditions.REASON_CVLAN_NOT_FOUND, "CVLAN " + name + " is being deleted");
    }
    if (!Conditions.isTrue(cvlan.getStatus(), CvlanConditions.READY)) {
      return new Unusable(NodeConditions.REASON_CVLAN_NOT_READY, "CVLAN " + name + " is not Ready ("
          + Optional.ofNullable(Conditions.reason(cvlan.getStatus(), CvlanConditions.READY)).orElse("not reconciled yet") + ")");
    }
    var parsed = AddressSpaceParser.parse(cvlan.getSpec().getCidr(), cvlan.getSpec().getIpv6Cidr(), cvlan.getSpec().getReserved());
    if (parsed instanceof AddressSpaceParser.Result.Invalid invalid) {
      return new Unusable(NodeConditions.REASON_CVLAN_NOT_READY, "CVLAN " + name + " is invalid: " + invalid.message());
    }
    return new Usable(cvlan, ((AddressSpaceParser.Result.Valid) parsed).space());
  }
}
