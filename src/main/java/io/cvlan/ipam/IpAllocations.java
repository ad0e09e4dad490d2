package io.cvlan.ipam;

import io.cvlan.api.v1alpha1.OwnerReferences;

import io.cvlan.api.v1alpha1.Labels;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.IPAllocation;
import io.cvlan.api.v1alpha1.IPAllocationSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;
import java.util.Optional;

/** Builds {@link IPAllocation} claim objects and reads them back into {@link Claim}s. */
final class IpAllocations {
  static final String OWNER_KIND_LABEL = "cvlan.io/owner-kind";
  static final String OWNER_LABEL = "cvlan.io/owner";
  static final String FAMILY_LABEL = "cvlan.io/family";

  private IpAllocations() {}

  /**
   * The claim object. The owner reference follows the owner's lifetime when the owner exists (has a uid);
   * a claim made for an owner about to be created (the registration request claims before it creates the
   * Node) follows the CVLAN instead, and the owner's finalizer and the repair pass release it.
   */
  static IPAllocation claim(String namespace, CVLAN cvlanObject, IPAddress address, Family family, HasMetadata owner) {
    String cvlan = cvlanObject.getMetadata().getName();
    HasMetadata lifetime = owner.getMetadata().getUid() != null ? owner : cvlanObject;
    IPAllocation allocation = new IPAllocation();
    allocation.setMetadata(new ObjectMetaBuilder()
        .withName(ClaimNames.of(cvlan, address))
        .withNamespace(namespace)
        .withLabels(Map.of(Labels.CVLAN, cvlan, OWNER_KIND_LABEL, owner.getKind(),
            OWNER_LABEL, owner.getMetadata().getName(), FAMILY_LABEL, family.label()))
        // Not a controller reference and no blocking: the claim only follows its owner's lifetime (GC).
        .withOwnerReferences(OwnerReferences.follower(lifetime))
        .build());
    IPAllocationSpec spec = new IPAllocationSpec();
    spec.setCvlan(cvlan);
    spec.setAddress(address.withoutPrefixLength().toCanonicalString());
    spec.setNodeRef(owner.getMetadata().getName());
    allocation.setSpec(spec);
    return allocation;
  }

  /**
   * The claim an object represents, or empty when it is not one: no CVLAN or address, an unparsable
   * address, or a name other than the canonical one (only the canonical name makes the claim unique).
   */
  static Optional<Claim> read(IPAllocation allocation) {
    IPAllocationSpec spec = allocation.getSpec();
    if (spec == null || spec.getCvlan() == null || spec.getAddress() == null) {
      return Optional.empty();
    }
    IPAddress address = new IPAddressString(spec.getAddress()).getAddress();
    if (address == null || address.getNetworkPrefixLength() != null) {
      return Optional.empty();
    }
    String name = allocation.getMetadata().getName();
    if (!ClaimNames.of(spec.getCvlan(), address).equals(name)) {
      return Optional.empty();
    }
    Map<String, String> labels = allocation.getMetadata().getLabels();
    Optional<OwnerRef> owner = Optional.ofNullable(labels)
        .filter(l -> l.get(OWNER_KIND_LABEL) != null && l.get(OWNER_LABEL) != null)
        .map(l -> new OwnerRef(l.get(OWNER_KIND_LABEL), l.get(OWNER_LABEL)));
    Family family = address.isIPv4() ? Family.IPV4 : Family.IPV6;
    return Optional.of(new Claim(name, allocation.getMetadata().getUid(), family, address, owner));
  }
}
