package io.cvlan.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class NodeStatus extends ConditionedStatus {
  @JsonPropertyDescription("Overlay IPv4 address of the node, claimed by an IPAllocation; absent while none could be claimed. Written by the operator.")
  private String ipv4;

  @JsonPropertyDescription("Overlay IPv6 address of the node; absent when the CVLAN has no ipv6Cidr or while none could be claimed. Written by the operator.")
  private String ipv6;

  @JsonPropertyDescription("Name of the Secret (<node>-tls) holding the node's client certificate. Written by the operator.")
  private String certificateSecret;

  @JsonPropertyDescription("Expiry of the current client certificate (RFC 3339, UTC); the certificate is renewed after two thirds of its validity. Written by the operator.")
  private String certificateNotAfter;

  @JsonPropertyDescription("Last sign of life, a registration or a poll (RFC 3339, UTC); with the CVLAN's nodeExpiry it decides when the node expires. Written by the registration API.")
  private String lastSeen;

  @JsonPropertyDescription("Pending (waiting for its CVLAN, an address or a certificate), Ready (addresses and certificate in place) or Expired (not seen within the CVLAN's nodeExpiry; it registers again to come back). Written by the operator.")
  private NodePhase phase;

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

  public String getCertificateSecret() {
    return certificateSecret;
  }

  public void setCertificateSecret(String certificateSecret) {
    this.certificateSecret = certificateSecret;
  }

  public String getCertificateNotAfter() {
    return certificateNotAfter;
  }

  public void setCertificateNotAfter(String certificateNotAfter) {
    this.certificateNotAfter = certificateNotAfter;
  }

  public String getLastSeen() {
    return lastSeen;
  }

  public void setLastSeen(String lastSeen) {
    this.lastSeen = lastSeen;
  }

  public NodePhase getPhase() {
    return phase;
  }

  public void setPhase(NodePhase phase) {
    this.phase = phase;
  }
}
