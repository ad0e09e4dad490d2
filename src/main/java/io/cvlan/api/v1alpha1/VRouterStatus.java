package io.cvlan.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class VRouterStatus extends ConditionedStatus {
  @JsonPropertyDescription("Name of the Secret (<vrouter>-join) holding the vrouter's join token with the registration API's URL and CA (keys token, server, ca.crt). Written by the operator.")
  private String joinTokenSecret;

  @JsonPropertyDescription("WireGuard public key the vrouter registered with (base64 of 32 bytes); once set, the vrouter is published as a peer. Written by the registration API.")
  private String publicKey;

  @JsonPropertyDescription("Overlay IPv4 address of the vrouter in the first CVLAN of spec.cvlans (the IPV4 column); every CVLAN's address is in addresses. Written by the operator.")
  private String ipv4;

  @JsonPropertyDescription("The vrouter's overlay addresses, one entry per CVLAN it serves. Written by the operator.")
  private List<VRouterAddress> addresses = new ArrayList<>();

  @JsonPropertyDescription("Name of the Secret (<vrouter>-tls) holding the vrouter's certificate. Written by the operator.")
  private String certificateSecret;

  @JsonPropertyDescription("Expiry of the current vrouter certificate (RFC 3339, UTC); it is renewed after two thirds of its validity. Written by the operator.")
  private String certificateNotAfter;

  @JsonPropertyDescription("Last sign of life, a registration or a poll (RFC 3339, UTC). Written by the registration API.")
  private String lastSeen;

  public String getJoinTokenSecret() {
    return joinTokenSecret;
  }

  public void setJoinTokenSecret(String joinTokenSecret) {
    this.joinTokenSecret = joinTokenSecret;
  }

  public String getPublicKey() {
    return publicKey;
  }

  public void setPublicKey(String publicKey) {
    this.publicKey = publicKey;
  }

  public String getIpv4() {
    return ipv4;
  }

  public void setIpv4(String ipv4) {
    this.ipv4 = ipv4;
  }

  public List<VRouterAddress> getAddresses() {
    return addresses;
  }

  public void setAddresses(List<VRouterAddress> addresses) {
    this.addresses = addresses;
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
}
