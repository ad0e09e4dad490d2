package io.cvlan.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

// On the spec, not on the fields: a field's transition rule runs only when both objects have it, so it could not
// see an address removed. Adding one to a Node without it stays allowed (set once).
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(oldSelf.ipv4) || (has(self.ipv4) && self.ipv4 == oldSelf.ipv4)",
    message = "ipv4 is the address the node was told: it cannot change or be removed; delete the Node to release it",
    fieldPath = ".ipv4")
@ValidationRule(value = "!has(oldSelf.ipv6) || (has(self.ipv6) && self.ipv6 == oldSelf.ipv6)",
    message = "ipv6 is the address the node was told: it cannot change or be removed; delete the Node to release it",
    fieldPath = ".ipv6")
public class NodeSpec {
  @Required
  @Pattern(Validation.DNS_LABEL)
  @JsonPropertyDescription("Name of the CVLAN (in this namespace) the node belongs to, as named by its registration token. Written by the registration API, not by hand.")
  private String cvlan;

  @Required
  @Pattern(Validation.WG_KEY)
  @JsonPropertyDescription("WireGuard public key of the node (base64 of 32 bytes), unique within the CVLAN. Written by the registration API, not by hand.")
  private String publicKey;

  @Required
  @Size(min = 1, max = Validation.HOSTNAME_MAX_LENGTH)
  @Pattern(Validation.HOSTNAME)
  @JsonPropertyDescription("Host name the agent reported, unique within the CVLAN: registering it again with the same key and token returns this Node. Written by the registration API, not by hand.")
  private String hostname;

  @Size(max = Validation.AGENT_TEXT_MAX_LENGTH)
  @Pattern(Validation.PRINTABLE_ASCII)
  @JsonPropertyDescription("Operating system the agent reported (free text, at most 128 printable ASCII characters). Written by the registration API, not by hand.")
  private String os;

  @Size(max = Validation.AGENT_TEXT_MAX_LENGTH)
  @Pattern(Validation.PRINTABLE_ASCII)
  @JsonPropertyDescription("Version of the agent that registered the node (free text, at most 128 printable ASCII characters). Written by the registration API, not by hand.")
  private String agentVersion;

  @Pattern(Validation.IPV4)
  @Size(max = Validation.IP_MAX_LENGTH)
  @JsonPropertyDescription("Overlay IPv4 address of the node, claimed (an IPAllocation) and told to the agent by the registration request that created the Node, as a Service's clusterIP is allocated at create time. Set once, never changed. Written by the registration API, not by hand.")
  private String ipv4;

  @Size(max = Validation.IP_MAX_LENGTH)
  @ValidationRule(value = "isIP(self) && ip(self).family() == 6", message = "ipv6 must be an IPv6 address")
  @JsonPropertyDescription("Overlay IPv6 address of the node when its CVLAN has an ipv6Cidr; claimed and told like ipv4. Set once, never changed. Written by the registration API, not by hand.")
  private String ipv6;

  @Size(max = 16)
  @JsonPropertyDescription("Where peers reach the node's WireGuard, at most 16; peers use the first. Reported by the agent at registration and updated when its polls report others. Written by the registration API, not by hand.")
  private List<WireGuardEndpoint> endpoints = new ArrayList<>();

  @Size(max = 32)
  @JsonPropertyDescription("Taints copied from the registration token when the node registered; in an Isolated CVLAN two nodes peer only when they share one. Written by the registration API, not by hand.")
  private List<String> taints = new ArrayList<>();

  @Pattern(Validation.DNS_SUBDOMAIN)
  @JsonPropertyDescription("Name of the RegistrationToken the node registered with; only a holder of the same token gets this identity back on a repeated registration. Written by the registration API, not by hand.")
  private String tokenRef;

  @Default("false")
  @JsonPropertyDescription("Copied from the registration token: an ephemeral node is deleted once it expires (see the CVLAN's nodeExpiry). Default false. Written by the registration API, not by hand.")
  private Boolean ephemeral = false;

  @Pattern("^[0-9a-f]{64}$")
  @JsonPropertyDescription("SHA-256 (64 lower-case hex digits) of the node's MAC address and the nonce of its registration request; the MAC itself is not stored. Written by the registration API, not by hand.")
  private String binding;

  @JsonPropertyDescription("The Pod the agent runs in (sidecar mode), as given at registration; when it is in this namespace the operator makes it an owner of the Node, so the Node goes with the Pod. Written by the registration API, not by hand.")
  private PodRef podRef;

  @Size(max = Validation.HOSTNAME_MAX_LENGTH)
  @Pattern(Validation.HOSTNAME)
  @JsonPropertyDescription("Name of the Kubernetes node the agent runs on (DaemonSet mode), as given at registration. Written by the registration API, not by hand.")
  private String kubernetesNode;

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

  public String getPublicKey() {
    return publicKey;
  }

  public void setPublicKey(String publicKey) {
    this.publicKey = publicKey;
  }

  public String getHostname() {
    return hostname;
  }

  public void setHostname(String hostname) {
    this.hostname = hostname;
  }

  public String getOs() {
    return os;
  }

  public void setOs(String os) {
    this.os = os;
  }

  public String getAgentVersion() {
    return agentVersion;
  }

  public void setAgentVersion(String agentVersion) {
    this.agentVersion = agentVersion;
  }

  public List<WireGuardEndpoint> getEndpoints() {
    return endpoints;
  }

  public void setEndpoints(List<WireGuardEndpoint> endpoints) {
    this.endpoints = endpoints;
  }

  public List<String> getTaints() {
    return taints;
  }

  public void setTaints(List<String> taints) {
    this.taints = taints;
  }

  public String getTokenRef() {
    return tokenRef;
  }

  public void setTokenRef(String tokenRef) {
    this.tokenRef = tokenRef;
  }

  public Boolean getEphemeral() {
    return ephemeral;
  }

  public void setEphemeral(Boolean ephemeral) {
    this.ephemeral = ephemeral;
  }

  public String getBinding() {
    return binding;
  }

  public void setBinding(String binding) {
    this.binding = binding;
  }

  public PodRef getPodRef() {
    return podRef;
  }

  public void setPodRef(PodRef podRef) {
    this.podRef = podRef;
  }

  public String getKubernetesNode() {
    return kubernetesNode;
  }

  public void setKubernetesNode(String kubernetesNode) {
    this.kubernetesNode = kubernetesNode;
  }
}
