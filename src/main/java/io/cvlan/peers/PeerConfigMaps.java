package io.cvlan.peers;

import io.cvlan.api.v1alpha1.OwnerReferences;

import io.cvlan.api.v1alpha1.Labels;
import io.cvlan.api.v1alpha1.CVLAN;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The desired peer ConfigMap of one shard (DESIGN §5), as a pure function.
 */
public final class PeerConfigMaps {
  /** Monotonic per CVLAN: the version of the peer set the shard was last written for. */
  public static final String VERSION_ANNOTATION = "cvlan.io/version";
  /**
   * On the shards written for a version: the names of all of them (comma-separated). A publish writes its
   * shards one by one; a reader that sees one at the new version knows from this which others must be at it
   * too before the version is whole.
   */
  public static final String WRITTEN_ANNOTATION = "cvlan.io/written";
  /** On the shards written for a version: the names of every shard of the CVLAN at that version. */
  public static final String SHARDS_ANNOTATION = "cvlan.io/shards";

  private PeerConfigMaps() {}

  /** Labels that select every peer shard of one CVLAN (equality selectors only: the mock ignores `in`). */
  public static Map<String, String> selector(String cvlan) {
    return Map.of(Labels.CVLAN, cvlan, Labels.COMPONENT, Labels.COMPONENT_PEERS);
  }

  public static ConfigMap desired(CVLAN cvlan, int shard, Map<String, String> data, long version) {
    return desired(cvlan, shard, data, version, List.of(), List.of());
  }

  /** {@code written}: the shards this version writes; {@code shards}: every shard of the CVLAN at it. */
  public static ConfigMap desired(CVLAN cvlan, int shard, Map<String, String> data, long version, List<String> written,
      List<String> shards) {
    String name = cvlan.getMetadata().getName();
    Map<String, String> annotations = new TreeMap<>(Map.of(VERSION_ANNOTATION, Long.toString(version)));
    if (!written.isEmpty()) {
      annotations.put(WRITTEN_ANNOTATION, String.join(",", written));
      annotations.put(SHARDS_ANNOTATION, String.join(",", shards));
    }
    return new ConfigMapBuilder()
        .withNewMetadata()
          .withName(PeerShards.configMapName(name, shard))
          .withNamespace(cvlan.getMetadata().getNamespace())
          .addToLabels(Labels.CVLAN, name)
          .addToLabels(Labels.COMPONENT, Labels.COMPONENT_PEERS)
          .addToLabels(Labels.MANAGED_BY, Labels.OPERATOR)
          .addToAnnotations(annotations)
          .withOwnerReferences(OwnerReferences.controller(cvlan))
        .endMetadata()
        .withData(new TreeMap<>(data))
        .build();
  }

  /** A list annotation of a stored shard ({@link #WRITTEN_ANNOTATION}, {@link #SHARDS_ANNOTATION}); empty if absent. */
  public static List<String> names(ConfigMap configMap, String annotation) {
    String value = annotation(configMap, annotation);
    return value == null || value.isBlank() ? List.of() : List.of(value.split(","));
  }

  /** The version a stored shard carries, if it carries a readable one. */
  public static OptionalLong versionOf(ConfigMap configMap) {
    String value = annotation(configMap, VERSION_ANNOTATION);
    if (value == null) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  private static String annotation(ConfigMap configMap, String key) {
    Map<String, String> annotations = configMap.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }
}
