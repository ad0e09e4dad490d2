package io.cvlan.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The committed CRDs are valid apiextensions.k8s.io/v1 with structural schemas and the columns users see. */
class CrdSchemaTest {
  static CustomResourceDefinition load(String file) throws IOException {
    return Serialization.unmarshal(Files.readString(Path.of("crds", file)), CustomResourceDefinition.class);
  }

  static List<Arguments> crds() {
    return List.of(
        Arguments.of("cvlans.cvlan.io.yaml", "CVLAN", "cvl", List.of("CIDR", "NODES", "FREE", "READY", "AGE")),
        Arguments.of("registrationtokens.cvlan.io.yaml", "RegistrationToken", "regtoken", List.of("CVLAN", "USES", "EXPIRES", "READY", "AGE")),
        Arguments.of("nodes.cvlan.io.yaml", "Node", "cvnode", List.of("CVLAN", "IPV4", "HOSTNAME", "PHASE", "AGE")),
        Arguments.of("vrouters.cvlan.io.yaml", "VRouter", "vr", List.of("REGION", "IPV4", "READY", "AGENT", "LAST-SEEN", "CERT-EXPIRES", "AGE")),
        Arguments.of("ipallocations.cvlan.io.yaml", "IPAllocation", "ipa", List.of("CVLAN", "ADDRESS", "NODE", "AGE")));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("crds")
  void isANamespacedV1CrdWithItsNamesAndColumns(String file, String kind, String shortName, List<String> columns) throws IOException {
    CustomResourceDefinition crd = load(file);

    assertThat(crd.getApiVersion()).isEqualTo("apiextensions.k8s.io/v1");
    assertThat(crd.getSpec().getGroup()).isEqualTo("cvlan.io");
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(crd.getSpec().getNames().getKind()).isEqualTo(kind);
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly(shortName);
    assertThat(crd.getSpec().getNames().getCategories()).containsExactly("overlay");
    assertThat(crd.getSpec().getVersions()).singleElement().satisfies(v -> {
      assertThat(v.getName()).isEqualTo("v1alpha1");
      assertThat(v.getServed()).isTrue();
      assertThat(v.getStorage()).isTrue();
      assertThat(v.getAdditionalPrinterColumns()).extracting(CustomResourceColumnDefinition::getName).containsExactlyElementsOf(columns);
    });
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("crds")
  void schemaIsStructural(String file, String kind, String shortName, List<String> columns) throws IOException {
    JSONSchemaProps root = load(file).getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();

    List<String> untyped = new ArrayList<>();
    walk("", root, untyped);

    assertThat(untyped).as("schema nodes without a type").isEmpty();
  }

  /** IPAllocation is a bare claim with no status (DESIGN §2); every other kind reports through one. */
  @ParameterizedTest(name = "{1}")
  @MethodSource("crds")
  void statusIsASubresourceOfEveryKindWithStatus(String file, String kind, String shortName, List<String> columns) throws IOException {
    var version = load(file).getSpec().getVersions().get(0);
    if (kind.equals("IPAllocation")) {
      assertThat(version.getSubresources()).isNull();
    } else {
      assertThat(version.getSubresources().getStatus()).isNotNull();
    }
  }

  @Test
  void cvlanDefaultsMatchTheDesign() throws IOException {
    JSONSchemaProps spec = load("cvlans.cvlan.io.yaml").getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema()
        .getProperties().get("spec");
    assertThat(spec.getProperties().get("listenPort").getDefault().asInt()).isEqualTo(51820);
    assertThat(spec.getProperties().get("policy").getDefault().asText()).isEqualTo("Open");
    assertThat(spec.getProperties().get("allocation").getDefault().asText()).isEqualTo("Sequential");
    assertThat(spec.getProperties().get("policy").getEnum()).extracting(n -> n.asText()).containsExactlyInAnyOrder("Open", "Isolated");
  }

  static void walk(String path, JSONSchemaProps node, List<String> untyped) {
    boolean free = Boolean.TRUE.equals(node.getXKubernetesPreserveUnknownFields())
        || Boolean.TRUE.equals(node.getXKubernetesIntOrString());
    if ((node.getType() == null || node.getType().isBlank()) && !free) {
      untyped.add(path.isEmpty() ? "<root>" : path);
    }
    if (node.getProperties() != null) {
      for (Map.Entry<String, JSONSchemaProps> p : node.getProperties().entrySet()) {
        walk(path + "." + p.getKey(), p.getValue(), untyped);
      }
    }
    if (node.getItems() != null && node.getItems().getSchema() != null) {
      walk(path + "[]", node.getItems().getSchema(), untyped);
    }
    if (node.getAdditionalProperties() != null && node.getAdditionalProperties().getSchema() != null) {
      walk(path + "{}", node.getAdditionalProperties().getSchema(), untyped);
    }
  }
}
