package io.cvlan.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The overlay addresses a VRouter holds in one of the CVLANs it serves. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VRouterAddress {
  private String cvlan;
  private String ipv4;
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
