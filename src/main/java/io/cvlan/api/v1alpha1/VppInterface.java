package io.cvlan.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;

/** A VPP interface of the vrouter, handed to it in its config payload. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VppInterface {
  @Required
  @JsonPropertyDescription("Name of the VPP interface on the vrouter. Required.")
  private String name;

  @JsonPropertyDescription("Addresses of the interface, passed to the vrouter as written; the operator does not check them.")
  private List<String> addresses = new ArrayList<>();

  @Min(576)
  @Max(9216)
  @JsonPropertyDescription("MTU of the interface in bytes, 576-9216; absent leaves it to the vrouter.")
  private Integer mtu;

  @JsonPropertyDescription("Name of the VRF (an entry of spec.vrfs) the interface belongs to; absent leaves it to the vrouter. Not checked by the operator.")
  private String vrf;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public List<String> getAddresses() {
    return addresses;
  }

  public void setAddresses(List<String> addresses) {
    this.addresses = addresses;
  }

  public Integer getMtu() {
    return mtu;
  }

  public void setMtu(Integer mtu) {
    this.mtu = mtu;
  }

  public String getVrf() {
    return vrf;
  }

  public void setVrf(String vrf) {
    this.vrf = vrf;
  }
}
