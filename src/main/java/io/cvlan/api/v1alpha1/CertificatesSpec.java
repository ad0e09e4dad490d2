package io.cvlan.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class CertificatesSpec {
  @JsonPropertyDescription("cert-manager issuer for node certificates; empty means the operator's built-in CA for this CVLAN.")
  private IssuerRef issuerRef;

  @Default("8760h")
  @Pattern(Validation.DURATION)
  @Size(max = Validation.DURATION_MAX_LENGTH)
  @ValidationRule(value = Validation.POSITIVE_DURATION, message = "clientDuration " + Validation.POSITIVE_DURATION_MESSAGE)
  @JsonPropertyDescription("Validity of node (client) certificates, a duration such as 8760h (the default, one year); they are renewed after two thirds of it.")
  private String clientDuration = "8760h";

  @Default("8h")
  @Pattern(Validation.DURATION)
  @Size(max = Validation.DURATION_MAX_LENGTH)
  @ValidationRule(value = Validation.POSITIVE_DURATION, message = "vrouterDuration " + Validation.POSITIVE_DURATION_MESSAGE)
  @JsonPropertyDescription("Validity of vrouter certificates, a duration such as 8h (the default); they are renewed after two thirds of it.")
  private String vrouterDuration = "8h";

  public IssuerRef getIssuerRef() {
    return issuerRef;
  }

  public void setIssuerRef(IssuerRef issuerRef) {
    this.issuerRef = issuerRef;
  }

  public String getClientDuration() {
    return clientDuration;
  }

  public void setClientDuration(String clientDuration) {
    this.clientDuration = clientDuration;
  }

  public String getVrouterDuration() {
    return vrouterDuration;
  }

  public void setVrouterDuration(String vrouterDuration) {
    this.vrouterDuration = vrouterDuration;
  }
}
