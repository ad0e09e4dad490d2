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

/** A machine or pod registered into a CVLAN. Written by the registration API, not by hand. */
@Group(CVLAN.GROUP)
@Version(CVLAN.VERSION)
@Kind("Node")
@Plural("nodes")
@Singular("node")
@ShortNames("cvnode")
@Categories(CVLAN.CATEGORY)
@AdditionalPrinterColumn(name = "CVLAN", jsonPath = ".spec.cvlan", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "IPV4", jsonPath = ".status.ipv4", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "HOSTNAME", jsonPath = ".spec.hostname", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "PHASE", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class OverlayNode extends CustomResource<NodeSpec, NodeStatus> implements Namespaced {
  // Overridden to describe spec and status in the CRD schema (the generator reads descriptions from properties, not
  // from classes) and to require spec: a patch that removes the whole spec would otherwise skip every rule on it.
  @Override
  @Required
  @JsonPropertyDescription("The node as its agent presented itself when it registered. Written by the registration API, not by hand.")
  public NodeSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("Addresses, certificate and liveness of the node. Condition types: Ready, AddressesAllocated, CertificateIssued.")
  public NodeStatus getStatus() {
    return super.getStatus();
  }
}
