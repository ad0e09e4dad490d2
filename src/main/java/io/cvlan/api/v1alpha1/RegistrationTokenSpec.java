package io.cvlan.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

// A transition rule on a field runs only when the field is in both the old and the new object, so the rules that
// keep ttl, expiresAt and secretName fixed live here, on the spec, where adding or removing a field is visible too.
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!(has(self.expiresAt) && has(self.ttl))", message = "set expiresAt or ttl, not both")
@ValidationRule(value = "has(self.ttl) == has(oldSelf.ttl) && (!has(self.ttl) || self.ttl == oldSelf.ttl)",
    message = "ttl cannot be added, removed or changed after creation; create a new token instead", fieldPath = ".ttl")
@ValidationRule(value = "has(self.expiresAt) == has(oldSelf.expiresAt) && (!has(self.expiresAt) || self.expiresAt == oldSelf.expiresAt)",
    message = "expiresAt cannot be added, removed or changed after creation; create a new token instead", fieldPath = ".expiresAt")
@ValidationRule(value = "has(self.secretName) == has(oldSelf.secretName) && (!has(self.secretName) || self.secretName == oldSelf.secretName)",
    message = "secretName cannot be added, removed or changed after creation", fieldPath = ".secretName")
public class RegistrationTokenSpec {
  @Required
  @Pattern(Validation.DNS_LABEL)
  @ValidationRule(value = "self == oldSelf", message = "cvlan is immutable")
  @JsonPropertyDescription("Name of the CVLAN, in this namespace, that the token admits nodes into. Required and immutable.")
  private String cvlan;

  @Default("Client")
  @JsonPropertyDescription("What the token admits; Client (the default and only value) registers nodes. VRouters get join tokens from their own resource.")
  private RegistrationTokenKind kind = RegistrationTokenKind.Client;

  @Pattern(Validation.RFC3339)
  @Size(max = Validation.TIMESTAMP_MAX_LENGTH)
  @ValidationRule(value = Validation.REAL_TIMESTAMP, message = "expiresAt must be a real date and time after 1970, e.g. 2030-01-31T12:00:00Z")
  @JsonPropertyDescription("Absolute expiry (RFC 3339), e.g. 2030-01-31T12:00:00Z. Mutually exclusive with ttl; without either the token lives 24h. Cannot be added, removed or changed after creation.")
  private String expiresAt;

  @Pattern(Validation.DURATION)
  @Size(max = Validation.DURATION_MAX_LENGTH)
  @ValidationRule(value = Validation.POSITIVE_DURATION, message = "ttl " + Validation.POSITIVE_DURATION_MESSAGE)
  @JsonPropertyDescription("Lifetime from the resource's creation, a duration such as 24h or 720h. Mutually exclusive with expiresAt; without either the token lives 24h. Cannot be added, removed or changed after creation.")
  private String ttl;

  @Min(1)
  @JsonPropertyDescription("How many nodes may register with the token, at least 1; absent means unlimited.")
  private Integer maxUses;

  @Default("false")
  @JsonPropertyDescription("Nodes registered with this token are ephemeral: deleted once they expire (see the CVLAN's nodeExpiry). Default false; copied to each Node when it registers.")
  private Boolean ephemeral = false;

  @Size(max = 32)
  @JsonPropertyDescription("Taints given to every node registered with this token (access control in Isolated CVLANs), at most 32; copied to each Node when it registers.")
  private List<String> taints = new ArrayList<>();

  @Pattern(Validation.DNS_SUBDOMAIN)
  @Size(max = Validation.HOSTNAME_MAX_LENGTH)
  @JsonPropertyDescription("Name of the Secret the operator writes the signed token to; defaults to <name>-token. Cannot be added, removed or changed after creation.")
  private String secretName;

  @Size(max = 32)
  @JsonPropertyDescription("ServiceAccounts of this namespace whose pods may register without the signed token, by presenting a projected ServiceAccount token with the audience cvlan.io: the API server vouches for the pod (TokenReview), and the Node is owned by that pod. At most 32 names; the token's maxUses, taints and ephemerality apply alike.")
  private List<String> serviceAccounts = new ArrayList<>();

  public String getCvlan() {
    return cvlan;
  }

  public void setCvlan(String cvlan) {
    this.cvlan = cvlan;
  }

  public RegistrationTokenKind getKind() {
    return kind;
  }

  public void setKind(RegistrationTokenKind kind) {
    this.kind = kind;
  }

  public String getExpiresAt() {
    return expiresAt;
  }

  public void setExpiresAt(String expiresAt) {
    this.expiresAt = expiresAt;
  }

  public String getTtl() {
    return ttl;
  }

  public void setTtl(String ttl) {
    this.ttl = ttl;
  }

  public Integer getMaxUses() {
    return maxUses;
  }

  public void setMaxUses(Integer maxUses) {
    this.maxUses = maxUses;
  }

  public Boolean getEphemeral() {
    return ephemeral;
  }

  public void setEphemeral(Boolean ephemeral) {
    this.ephemeral = ephemeral;
  }

  public List<String> getTaints() {
    return taints;
  }

  public void setTaints(List<String> taints) {
    this.taints = taints;
  }

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }

  public List<String> getServiceAccounts() {
    return serviceAccounts;
  }

  public void setServiceAccounts(List<String> serviceAccounts) {
    this.serviceAccounts = serviceAccounts;
  }
}
