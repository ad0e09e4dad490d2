package io.cvlan.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class NodeSpec {
  @Required
  @Pattern(Validation.DNS_LABEL)
  private String cvlan;

  @Required
  @Pattern(Validation.WG_KEY)
  private String publicKey;

  @Required
  @Size(min = 1, max = 253)
  private String hostname;

  private String os;
  private String agentVersion;

  @Size(max = 16)
  private List<WireGuardEndpoint> endpoints = new ArrayList<>();

  @Size(max = 32)
  private List<String> taints = new ArrayList<>();

  /** Name of the RegistrationToken the node registered with. */
  private String tokenRef;

  @Default("false")
  private Boolean ephemeral = false;

  /** SHA-256 (hex) of the node's MAC and registration nonce. */
  @Pattern("^[0-9a-f]{64}$")
  private String binding;

  private PodRef podRef;

  private String kubernetesNode;

  public String getCvlan() {
    return cvlan;
  }

  public void setCvlan(String cvlan) {
    this.cvlan = cvlan;
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
