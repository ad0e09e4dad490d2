package io.cvlan.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/** The smallest valid object of each kind, and named edits of them, for tests that ask what the schema admits. */
final class CrdObjects {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static final String WG_KEY = "A".repeat(43) + "=";

  private CrdObjects() {}

  static Map<String, Object> cvlan() {
    return CrdValidationRules.yaml("""
        apiVersion: cvlan.io/v1alpha1
        kind: CVLAN
        metadata: {name: blue}
        spec:
          cidr: 10.100.0.0/16
        """);
  }

  static Map<String, Object> token() {
    return CrdValidationRules.yaml("""
        apiVersion: cvlan.io/v1alpha1
        kind: RegistrationToken
        metadata: {name: fleet}
        spec:
          cvlan: blue
        """);
  }

  static Map<String, Object> node() {
    return CrdValidationRules.yaml("""
        apiVersion: cvlan.io/v1alpha1
        kind: Node
        metadata: {name: laptop-x7k2p}
        spec:
          cvlan: blue
          publicKey: %s
          hostname: laptop
          ipv4: 10.100.0.2
        """.formatted(WG_KEY));
  }

  static Map<String, Object> vrouter() {
    return CrdValidationRules.yaml("""
        apiVersion: cvlan.io/v1alpha1
        kind: VRouter
        metadata: {name: edge-1}
        spec:
          region: eu-west
          cvlans: [blue]
        """);
  }

  static Map<String, Object> ipAllocation() {
    return CrdValidationRules.yaml("""
        apiVersion: cvlan.io/v1alpha1
        kind: IPAllocation
        metadata: {name: blue-10-100-0-5}
        spec:
          cvlan: blue
          address: 10.100.0.5
          nodeRef: laptop-x7k2p
        """);
  }

  /** The committed CRD file of an object's kind. */
  static String crdFile(Map<String, Object> object) {
    return ((String) object.get("kind")).toLowerCase(Locale.ROOT) + "s.cvlan.io.yaml";
  }

  static boolean isCvlanIo(Map<String, Object> object) {
    return String.valueOf(object.get("apiVersion")).startsWith("cvlan.io/");
  }

  /** Every document of a YAML file. */
  static List<Map<String, Object>> read(Path file) {
    try {
      List<Map<String, Object>> documents = new ArrayList<>();
      try (var parser = YAML.getFactory().createParser(Files.readString(file))) {
        var values = YAML.readValues(parser, Map.class);
        while (values.hasNext()) {
          @SuppressWarnings("unchecked")
          Map<String, Object> document = values.next();
          if (document != null) {
            documents.add(document);
          }
        }
      }
      return documents;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A change to an object, named for the test report. */
  record Edit(String name, UnaryOperator<Map<String, Object>> change) {
    Map<String, Object> applyTo(Map<String, Object> object) {
      return change.apply(copy(object));
    }

    Edit and(Edit next) {
      return new Edit(name + ", " + next.name, o -> next.change.apply(change.apply(o)));
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** Sets the field at a dotted path, creating the objects on the way. */
  static Edit set(String path, Object value) {
    return new Edit(path + ": " + value, o -> {
      parent(o, path).put(last(path), value);
      return o;
    });
  }

  static Edit remove(String path) {
    return new Edit("without " + path, o -> {
      parent(o, path).remove(last(path));
      return o;
    });
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parent(Map<String, Object> object, String path) {
    Map<String, Object> at = object;
    String[] parts = path.split("\\.");
    for (int i = 0; i < parts.length - 1; i++) {
      at = (Map<String, Object>) at.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
    }
    return at;
  }

  private static String last(String path) {
    return path.substring(path.lastIndexOf('.') + 1);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> copy(Map<String, Object> object) {
    return JsonMapper.builder().build().convertValue(object, LinkedHashMap.class);
  }
}
