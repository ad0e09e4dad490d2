package io.cvlan.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class VRouterStatus extends ConditionedStatus {
  private String joinTokenSecret;
  private String publicKey;
  private String ipv4;
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
