package io.cvlan.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self == oldSelf", message = "an IPAllocation is immutable; delete it to release the address")
public class IPAllocationSpec {
  @Required
  private String cvlan;

  @Required
  private String address;

  /** Name of the Node (or VRouter) holding the address. */
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
