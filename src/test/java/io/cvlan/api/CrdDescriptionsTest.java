package io.cvlan.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** `kubectl explain` is how users learn what a field means; it can only show the description the schema has. */
class CrdDescriptionsTest {
  /**
   * The items of status.conditions are fabric8's metav1.Condition, whose fields carry no description and
   * cannot be annotated from here; the conditions list itself is ours and is described.
   */
  static final String FABRIC8_CONDITION = "status.conditions[]";

  @Test
  void everyFieldOfEveryCrdHasADescription() throws IOException {
    List<String> undescribed = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> list = Files.list(Path.of("crds"))) {
      files = list.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
    for (Path file : files) {
      CustomResourceDefinition crd = Serialization.unmarshal(Files.readString(file), CustomResourceDefinition.class);
      crd.getSpec().getVersions().forEach(version -> {
        // The root is the kind itself, not a field; the generator emits no apiVersion, kind or metadata.
        JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();
        boolean hasStatus = version.getSubresources() != null && version.getSubresources().getStatus() != null;
        for (Map.Entry<String, JSONSchemaProps> p : root.getProperties().entrySet()) {
          // A kind without status (CustomResource<..., Void>) still gets an empty "status" object from the
          // generator, which takes no annotation from a Void getter.
          if (!hasStatus && p.getKey().equals("status") && p.getValue().getProperties().isEmpty()) {
            continue;
          }
          field(crd.getMetadata().getName(), p.getKey(), p.getValue(), undescribed);
        }
      });
    }

    assertThat(files).as("CRDs in crds/").isNotEmpty();
    assertThat(undescribed).as("CRD fields without a description").isEmpty();
  }

  private static void field(String crd, String path, JSONSchemaProps node, List<String> undescribed) {
    if (node.getDescription() == null || node.getDescription().isBlank()) {
      undescribed.add(crd + " " + path);
    }
    children(crd, path, node, undescribed);
  }

  private static void children(String crd, String path, JSONSchemaProps node, List<String> undescribed) {
    String prefix = path.isEmpty() ? "" : path + ".";
    if (node.getProperties() != null) {
      for (Map.Entry<String, JSONSchemaProps> p : node.getProperties().entrySet()) {
        field(crd, prefix + p.getKey(), p.getValue(), undescribed);
      }
    }
    // A list's or map's element is described by the field that holds it: only the element's own fields count.
    if (node.getItems() != null && node.getItems().getSchema() != null) {
      descend(crd, path + "[]", node.getItems().getSchema(), undescribed);
    }
    if (node.getAdditionalProperties() != null && node.getAdditionalProperties().getSchema() != null) {
      descend(crd, path + "{}", node.getAdditionalProperties().getSchema(), undescribed);
    }
  }

  private static void descend(String crd, String path, JSONSchemaProps element, List<String> undescribed) {
    if (!path.equals(FABRIC8_CONDITION)) {
      children(crd, path, element, undescribed);
    }
  }
}
