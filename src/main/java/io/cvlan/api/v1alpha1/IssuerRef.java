package io.cvlan.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class IssuerRef {
  @Required
  @Pattern(Validation.DNS_SUBDOMAIN)
  @JsonPropertyDescription("Name of the cert-manager Issuer or ClusterIssuer that signs the certificates. Required.")
  private String name;

  @Default("Issuer")
  @JsonPropertyDescription("Issuer (in the CVLAN's namespace) or ClusterIssuer; default Issuer.")
  private IssuerKind kind = IssuerKind.Issuer;

  @Default("cert-manager.io")
  @Pattern(Validation.DNS_SUBDOMAIN)
  @JsonPropertyDescription("API group of the issuer; default cert-manager.io.")
  private String group = "cert-manager.io";

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public IssuerKind getKind() {
    return kind;
  }

  public void setKind(IssuerKind kind) {
    this.kind = kind;
  }

  public String getGroup() {
    return group;
  }

  public void setGroup(String group) {
    this.group = group;
  }
}
