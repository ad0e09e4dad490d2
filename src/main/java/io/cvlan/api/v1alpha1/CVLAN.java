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

/** A WireGuard overlay network in one namespace (the tenant). */
@Group(CVLAN.GROUP)
@Version(CVLAN.VERSION)
@Kind("CVLAN")
@Plural("cvlans")
@Singular("cvlan")
@ShortNames("cvl")
@Categories(CVLAN.CATEGORY)
@AdditionalPrinterColumn(name = "CIDR", jsonPath = ".spec.cidr", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "NODES", jsonPath = ".status.nodes", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "FREE", jsonPath = ".status.free", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "READY", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class CVLAN extends CustomResource<CVLANSpec, CVLANStatus> implements Namespaced {
  public static final String GROUP = "cvlan.io";
  public static final String VERSION = "v1alpha1";
  /** `kubectl get overlay` lists every cvlan.io resource of a namespace. */
  public static final String CATEGORY = "overlay";

  // Overridden to describe spec and status in the CRD schema (the generator reads descriptions from properties, not
  // from classes) and to require spec: a patch that removes the whole spec would otherwise skip every rule on it.
  @Override
  @Required
  @JsonPropertyDescription("The overlay network: its address ranges, how addresses are handed out, who peers with whom, and the WireGuard, certificate, DNS and packet filter settings its members get.")
  public CVLANSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("Capacity, members and published peer lists, as observed by the operator. Condition types: Ready, Exhausted, Overlapping, CertificatesReady.")
  public CVLANStatus getStatus() {
    return super.getStatus();
  }
}
