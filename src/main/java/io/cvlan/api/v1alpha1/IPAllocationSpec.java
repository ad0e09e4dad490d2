package io.cvlan.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self == oldSelf", message = "an IPAllocation is immutable; delete it to release the address")
public class IPAllocationSpec {
  @Required
  @Pattern(Validation.DNS_LABEL)
  @JsonPropertyDescription("Name of the CVLAN (in this namespace) the address belongs to. Written by the operator; the whole spec is immutable.")
  private String cvlan;

  // Canonical because the claim's name is derived from the address: two spellings of one address would be two
  // claims, and the API server's name uniqueness would no longer prevent a double allocation.
  @Required
  @Size(max = Validation.IP_MAX_LENGTH)
  @ValidationRule(value = "isIP(self) && ip.isCanonical(self)",
      message = "address must be an IP address in canonical form (e.g. 10.100.0.5 or fd00:100::5), without prefix length")
  @JsonPropertyDescription("The claimed overlay address, IPv4 or IPv6 in canonical form, without prefix length. Written by the operator; the whole spec is immutable.")
  private String address;

  // The name says "node" but a VRouter's claims use it too; it is stored data, so it keeps its name.
  @Pattern(Validation.DNS_SUBDOMAIN)
  @JsonPropertyDescription("Name of the Node OR the VRouter (in this namespace) holding the address; the cvlan.io/owner-kind label and the owner reference say which. Written by the operator; the whole spec is immutable.")
  private String nodeRef;

  public String getCvlan() {
    return cvlan;
  }

  public void setCvlan(String cvlan) {
    this.cvlan = cvlan;
  }

  public String getAddress() {
    return address;
  }

  public void setAddress(String address) {
    this.address = address;
  }

  public String getNodeRef() {
    return nodeRef;
  }

  public void setNodeRef(String nodeRef) {
    this.nodeRef = nodeRef;
  }
}
