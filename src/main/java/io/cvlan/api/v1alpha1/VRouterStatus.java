package io.cvlan.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class VRouterStatus extends ConditionedStatus {
  private String joinTokenSecret;
  private String publicKey;
  /** The address in the first CVLAN of spec.cvlans (the printer column); every CVLAN's is in addresses. */
  private String ipv4;
  private List<VRouterAddress> addresses = new ArrayList<>();
  private String certificateSecret;
  private String certificateNotAfter;
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
