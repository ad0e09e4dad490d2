package io.cvlan.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class VRouterSpec {
  @Required
  @Size(min = 1, max = 63)
  @JsonPropertyDescription("Where the vrouter runs, e.g. eu-west: a free-form label (1-63 characters) shown in the REGION column; the operator does not interpret it. Required.")
  private String region;

  @Required
  @Size(min = 1, max = 64)
  @JsonPropertyDescription("Names of the CVLANs (in this namespace) the vrouter joins, 1-64; it gets an address in each. The join token and certificate are issued through the first one, whose address is status.ipv4. Removing a CVLAN releases the address held in it.")
  private List<@Pattern(Validation.DNS_LABEL) String> cvlans = new ArrayList<>();

  @Size(max = 256)
  @ValidationRule(value = "self.all(r, isCIDR(r) && cidr(r) == cidr(r).masked())",
      message = "every route must be a network in CIDR notation without host bits, e.g. 192.168.10.0/24")
  @JsonPropertyDescription("Subnets (CIDRs) the vrouter advertises, at most 256; they become allowed IPs of its peer entry, and are also handed to the vrouter in its configuration.")
  private List<@Size(max = Validation.CIDR_MAX_LENGTH) String> routes = new ArrayList<>();

  @Size(max = 64)
  @JsonPropertyDescription("VPP interfaces, at most 64, handed to the vrouter in its configuration (register and poll answers); the operator does not interpret them.")
  private List<VppInterface> interfaces = new ArrayList<>();

  @Size(max = 64)
  @JsonPropertyDescription("VRFs (routing tables), at most 64, handed to the vrouter in its configuration (register and poll answers); the operator does not interpret them.")
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
