package io.cvlan.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class RegistrationTokenStatus extends ConditionedStatus {
  @JsonPropertyDescription("Name of the Secret holding the signed token with the registration API's URL and CA (keys token, server, ca.crt): all an agent needs. Written by the operator.")
  private String secretName;

  @JsonPropertyDescription("Identifier carried in the token (its token_id claim): this RegistrationToken's uid. Written by the operator.")
  private String tokenId;

  @JsonPropertyDescription("Key id (kid) of the tenant signing key, kept in Secret cvlan-signing-keys, that signed the current token. Written by the operator.")
  private String signingKeyId;

  @JsonPropertyDescription("When the token expires (RFC 3339, UTC): spec.expiresAt, or creation plus spec.ttl, or creation plus 24h. Written by the operator.")
  private String expiresAt;

  @JsonPropertyDescription("How many nodes have registered with the token, mirrored from the cvlan.io/uses annotation the registration API counts in. Written by the operator.")
  private Integer uses;

  @JsonPropertyDescription("When a node last registered with the token (RFC 3339, UTC), mirrored from the cvlan.io/last-used-at annotation. Written by the operator.")
  private String lastUsedAt;

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }

  public String getTokenId() {
    return tokenId;
  }

  public void setTokenId(String tokenId) {
    this.tokenId = tokenId;
  }

  public String getSigningKeyId() {
    return signingKeyId;
  }

  public void setSigningKeyId(String signingKeyId) {
    this.signingKeyId = signingKeyId;
  }

  public String getExpiresAt() {
    return expiresAt;
  }

  public void setExpiresAt(String expiresAt) {
    this.expiresAt = expiresAt;
  }

  public Integer getUses() {
    return uses;
  }

  public void setUses(Integer uses) {
    this.uses = uses;
  }

  public String getLastUsedAt() {
    return lastUsedAt;
  }

  public void setLastUsedAt(String lastUsedAt) {
    this.lastUsedAt = lastUsedAt;
  }
}
