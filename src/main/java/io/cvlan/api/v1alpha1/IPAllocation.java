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

/** The claim on one overlay address. Creating it is the claim: the name is unique per CVLAN and address. */
@Group(CVLAN.GROUP)
@Version(CVLAN.VERSION)
@Kind("IPAllocation")
@Plural("ipallocations")
@Singular("ipallocation")
@ShortNames("ipa")
@Categories(CVLAN.CATEGORY)
@AdditionalPrinterColumn(name = "CVLAN", jsonPath = ".spec.cvlan", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "ADDRESS", jsonPath = ".spec.address", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "NODE", jsonPath = ".spec.nodeRef", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class IPAllocation extends CustomResource<IPAllocationSpec, Void> implements Namespaced {
  // Overridden to describe spec in the CRD schema (the generator reads descriptions from properties, not from
  // classes) and to require spec: a patch that removes the whole spec would otherwise skip the rule on it.
  @Override
  @Required
  @JsonPropertyDescription("The claim: one overlay address of one CVLAN and who holds it. Written by the operator and immutable; deleting the IPAllocation releases the address.")
  public IPAllocationSpec getSpec() {
    return super.getSpec();
  }
}
