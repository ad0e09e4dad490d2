package io.cvlan.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A token that admits nodes into one CVLAN; its Secret holds the signed token. */
@Group(CVLAN.GROUP)
@Version(CVLAN.VERSION)
@Kind("RegistrationToken")
@Plural("registrationtokens")
@Singular("registrationtoken")
@ShortNames("regtoken")
@Categories(CVLAN.CATEGORY)
@AdditionalPrinterColumn(name = "CVLAN", jsonPath = ".spec.cvlan", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "USES", jsonPath = ".status.uses", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "EXPIRES", jsonPath = ".status.expiresAt", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "READY", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class RegistrationToken extends CustomResource<RegistrationTokenSpec, RegistrationTokenStatus> implements Namespaced {
  // Overridden to describe spec and status in the CRD schema (the generator reads descriptions from properties, not
  // from classes) and to require spec: a patch that removes the whole spec would otherwise skip every rule on it.
  @Override
  @Required
  @JsonPropertyDescription("Which CVLAN the token admits nodes into, for how long and how often, and what the nodes registered with it get (taints, ephemeral).")
  public RegistrationTokenSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("The issued token: its Secret, identity, expiry and use count. Condition types: Ready, Expired, Exhausted.")
  public RegistrationTokenStatus getStatus() {
    return super.getStatus();
  }
}
