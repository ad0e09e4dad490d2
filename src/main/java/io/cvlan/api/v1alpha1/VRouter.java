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

/** A virtual router that joins CVLANs with a join token and routes the subnets it advertises. */
@Group(CVLAN.GROUP)
@Version(CVLAN.VERSION)
@Kind("VRouter")
@Plural("vrouters")
@Singular("vrouter")
@ShortNames("vr")
@Categories(CVLAN.CATEGORY)
@AdditionalPrinterColumn(name = "REGION", jsonPath = ".spec.region", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "IPV4", jsonPath = ".status.ipv4", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "READY", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "AGENT", jsonPath = ".status.conditions[?(@.type==\"AgentConnected\")].status", type = AdditionalPrinterColumn.Type.STRING,
    getDescription = "Whether the vrouter's agent polled within the last three poll intervals (condition AgentConnected).")
@AdditionalPrinterColumn(name = "LAST-SEEN", jsonPath = ".status.lastSeen", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "CERT-EXPIRES", jsonPath = ".status.certificateNotAfter", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class VRouter extends CustomResource<VRouterSpec, VRouterStatus> implements Namespaced {
  // Overridden to describe spec and status in the CRD schema (the generator reads descriptions from properties, not
  // from classes) and to require spec: a patch that removes the whole spec would otherwise skip every rule on it.
  @Override
  @Required
  @JsonPropertyDescription("Where the vrouter runs, which CVLANs it joins, the subnets it advertises and its VPP data plane configuration.")
  public VRouterSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("Join token, addresses, certificate and liveness of the vrouter. Condition types: Ready, AddressesAllocated, CertificateIssued, AgentConnected.")
  public VRouterStatus getStatus() {
    return super.getStatus();
  }
}
