package io.cvlan.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The overlay addresses a VRouter holds in one of the CVLANs it serves. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VRouterAddress {
  @JsonPropertyDescription("Name of the CVLAN (in this namespace) the addresses belong to.")
  private String cvlan;

  @JsonPropertyDescription("Overlay IPv4 address of the vrouter in that CVLAN, claimed by an IPAllocation.")
  private String ipv4;

  @JsonPropertyDescription("Overlay IPv6 address of the vrouter in that CVLAN; absent when the CVLAN has no ipv6Cidr.")
  private String ipv6;

  public VRouterAddress() {}

  public VRouterAddress(String cvlan, String ipv4, String ipv6) {
    this.cvlan = cvlan;
    this.ipv4 = ipv4;
    this.ipv6 = ipv6;
  }

  public String getCvlan() {
    return cvlan;
  }

  public void setCvlan(String cvlan) {
    this.cvlan = cvlan;
  }

  public String getIpv4() {
    return ipv4;
  }

  public void setIpv4(String ipv4) {
    this.ipv4 = ipv4;
  }

  public String getIpv6() {
    return ipv6;
  }

  public void setIpv6(String ipv6) {
    this.ipv6 = ipv6;
  }
}
