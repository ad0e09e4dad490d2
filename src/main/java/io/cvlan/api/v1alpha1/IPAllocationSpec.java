package io.cvlan.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self == oldSelf", message = "an IPAllocation is immutable; delete it to release the address")
public class IPAllocationSpec {
  @Required
  @JsonPropertyDescription("Name of the CVLAN (in this namespace) the address belongs to. Written by the operator; the whole spec is immutable.")
  private String cvlan;

  @Required
  @JsonPropertyDescription("The claimed overlay address, IPv4 or IPv6, without prefix length. Written by the operator; the whole spec is immutable.")
  private String address;

  // The name says "node" but a VRouter's claims use it too; it is stored data, so it keeps its name.
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
