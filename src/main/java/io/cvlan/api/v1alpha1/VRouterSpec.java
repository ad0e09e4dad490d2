package io.cvlan.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class VRouterSpec {
  @Required
  @Size(min = 1, max = 63)
  private String region;

  @Required
  @Size(min = 1, max = 64)
  @JsonPropertyDescription("CVLANs (in this namespace) the vrouter joins.")
  private List<String> cvlans = new ArrayList<>();

  @Size(max = 256)
  @JsonPropertyDescription("Subnets the vrouter advertises; they become allowed IPs of its peer entry.")
  private List<String> routes = new ArrayList<>();

  @Size(max = 64)
  private List<VppInterface> interfaces = new ArrayList<>();

  @Size(max = 64)
  private List<Vrf> vrfs = new ArrayList<>();

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public List<String> getCvlans() {
    return cvlans;
  }

  public void setCvlans(List<String> cvlans) {
    this.cvlans = cvlans;
  }

  public List<String> getRoutes() {
    return routes;
  }

  public void setRoutes(List<String> routes) {
    this.routes = routes;
  }

  public List<VppInterface> getInterfaces() {
    return interfaces;
  }

  public void setInterfaces(List<VppInterface> interfaces) {
    this.interfaces = interfaces;
  }

  public List<Vrf> getVrfs() {
    return vrfs;
  }

  public void setVrfs(List<Vrf> vrfs) {
    this.vrfs = vrfs;
  }
}
