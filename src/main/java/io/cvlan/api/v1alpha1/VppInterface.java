package io.cvlan.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;

/** A VPP interface of the vrouter, handed to it in its config payload. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VppInterface {
  @Required
  private String name;

  private List<String> addresses = new ArrayList<>();

  @Min(576)
  @Max(9216)
  private Integer mtu;

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
