package io.cvlan.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The mock server evaluates no CEL, so the rules are checked where they live: in the schema. */
class CrdImmutabilityRulesTest {
  static JSONSchemaProps spec(String file) throws IOException {
    return CrdSchemaTest.load(file).getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties().get("spec");
  }

  static java.util.List<String> rules(JSONSchemaProps node) {
    return node.getXKubernetesValidations() == null ? java.util.List.of()
        : node.getXKubernetesValidations().stream().map(ValidationRule::getRule).toList();
  }

  @Test
  void cvlanNetworksAreImmutable() throws IOException {
    JSONSchemaProps spec = spec("cvlans.cvlan.io.yaml");
    assertThat(rules(spec.getProperties().get("cidr"))).containsExactly("self == oldSelf");
    assertThat(rules(spec.getProperties().get("ipv6Cidr"))).containsExactly("self == oldSelf");
    assertThat(rules(spec)).containsExactly("has(self.ipv6Cidr) == has(oldSelf.ipv6Cidr)");
    assertThat(spec.getRequired()).containsExactly("cidr");
  }

  @Test
  void tokenBindingFieldsAreImmutableAndExpiryIsOneOfTwo() throws IOException {
    JSONSchemaProps spec = spec("registrationtokens.cvlan.io.yaml");
    for (String field : new String[] {"cvlan", "expiresAt", "ttl", "secretName"}) {
      assertThat(rules(spec.getProperties().get(field))).as(field).containsExactly("self == oldSelf");
    }
    assertThat(rules(spec)).containsExactly("!(has(self.expiresAt) && has(self.ttl))");
    assertThat(spec.getProperties().get("maxUses").getMinimum()).isEqualTo(1.0);
  }

  @Test
  void ipAllocationIsImmutable() throws IOException {
    assertThat(rules(spec("ipallocations.cvlan.io.yaml"))).containsExactly("self == oldSelf");
  }

  @Test
  void nodeAddressesAreSetOnceAndNeverChange() throws IOException {
    JSONSchemaProps spec = spec("nodes.cvlan.io.yaml");
    assertThat(rules(spec)).containsExactly(
        "!has(oldSelf.ipv4) || (has(self.ipv4) && self.ipv4 == oldSelf.ipv4)",
        "!has(oldSelf.ipv6) || (has(self.ipv6) && self.ipv6 == oldSelf.ipv6)");
    assertThat(spec.getProperties().get("ipv4").getPattern()).isEqualTo(io.cvlan.api.v1alpha1.Validation.IPV4);
  }

  @Test
  void cvlanDefaultsMatchTheDesign() throws IOException {
    JSONSchemaProps spec = spec("cvlans.cvlan.io.yaml");
    assertThat(spec.getProperties().get("listenPort").getDefault().asInt()).isEqualTo(51820);
    assertThat(spec.getProperties().get("policy").getDefault().asText()).isEqualTo("Open");
    assertThat(spec.getProperties().get("allocation").getDefault().asText()).isEqualTo("Sequential");
    assertThat(spec.getProperties().get("policy").getEnum()).extracting(n -> n.asText()).containsExactlyInAnyOrder("Open", "Isolated");
  }
}
