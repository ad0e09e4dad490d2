package io.cvlan.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Collections;
import java.util.stream.Collectors;

/** Rendered manifests, parsed strictly into fabric8 models. Shared by the chart and the kustomize tests. */
final class Manifests {
  static final Path CHART = Path.of("helm/cvlan-operator");
  static final String RELEASE = "cvlan-operator";
  static final String NAMESPACE = "cvlan-system";

  private static final KubernetesSerialization STRICT = new KubernetesSerialization(
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true), true);

  private Manifests() {
  }

  /** Every YAML document of a (multi-document) text, each parsed strictly; empty documents are skipped. */
  static List<HasMetadata> parse(String yaml) {
    List<HasMetadata> out = new ArrayList<>();
    for (String doc : yaml.split("(?m)^---\\s*$")) {
      boolean empty = doc.lines().map(String::strip).allMatch(l -> l.isEmpty() || l.startsWith("#"));
      if (empty) {
        continue;
      }
      Object parsed = doc.contains("kind: ServiceMonitor")
          ? STRICT.unmarshal(doc, GenericKubernetesResource.class) : STRICT.unmarshal(doc);
      assertThat(parsed).as("document\n%s", doc).isInstanceOf(HasMetadata.class);
      if (!(parsed instanceof GenericKubernetesResource)) {
        assertNoUnknownFields(parsed, parsed.getClass().getSimpleName(), Collections.newSetFromMap(new IdentityHashMap<>()));
      }
      out.add((HasMetadata) parsed);
    }
    return out;
  }

  /**
   * fabric8 models keep unknown fields in {@code additionalProperties} instead of failing, so a misspelt field
   * (say {@code readOnlyRootFileSystem}) would pass FAIL_ON_UNKNOWN_PROPERTIES: walk the model and refuse any.
   */
  static void assertNoUnknownFields(Object o, String path, Set<Object> seen) {
    if (o == null || !seen.add(o)) {
      return;
    }
    if (o instanceof Collection<?> c) {
      int i = 0;
      for (Object e : c) {
        assertNoUnknownFields(e, path + "[" + i++ + "]", seen);
      }
      return;
    }
    if (o instanceof Map<?, ?> m) {
      m.forEach((k, v) -> assertNoUnknownFields(v, path + "." + k, seen));
      return;
    }
    if (!o.getClass().getName().startsWith("io.fabric8.")) {
      return;
    }
    for (Method method : o.getClass().getMethods()) {
      if (method.getParameterCount() != 0 || Modifier.isStatic(method.getModifiers()) || !method.getName().startsWith("get")
          || method.getDeclaringClass() == Object.class) {
        continue;
      }
      try {
        Object value = method.invoke(o);
        if (method.getName().equals("getAdditionalProperties")) {
          assertThat((Map<?, ?>) value).as("unknown fields at %s", path).isNullOrEmpty();
        } else {
          assertNoUnknownFields(value, path + "." + method.getName().substring(3), seen);
        }
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }
  }

  static <T extends HasMetadata> List<T> ofKind(List<HasMetadata> all, Class<T> type) {
    return all.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
  }

  static <T extends HasMetadata> T one(List<HasMetadata> all, Class<T> type) {
    List<T> found = ofKind(all, type);
    assertThat(found).as("one %s", type.getSimpleName()).hasSize(1);
    return found.get(0);
  }

  static List<String> kinds(List<HasMetadata> all) {
    return all.stream().map(HasMetadata::getKind).sorted().collect(Collectors.toList());
  }

  static List<String> list(String... items) {
    return Arrays.asList(items);
  }
}
