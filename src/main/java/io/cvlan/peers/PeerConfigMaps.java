package io.cvlan.peers;

import io.cvlan.api.v1alpha1.OwnerReferences;

import io.cvlan.api.v1alpha1.Labels;
import io.cvlan.api.v1alpha1.CVLAN;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The desired peer ConfigMap of one shard (DESIGN §5), as a pure function.
 */
public final class PeerConfigMaps {
  /** Monotonic per CVLAN: the version of the peer set the shard was last written for. */
  public static final String VERSION_ANNOTATION = "cvlan.io/version";

  private PeerConfigMaps() {}

  /** Labels that select every peer shard of one CVLAN (equality selectors only: the mock ignores `in`). */
  public static Map<String, String> selector(String cvlan) {
    return Map.of(Labels.CVLAN, cvlan, Labels.COMPONENT, Labels.COMPONENT_PEERS);
  }

  public static ConfigMap desired(CVLAN cvlan, int shard, Map<String, String> data, long version) {
    String name = cvlan.getMetadata().getName();
    return new ConfigMapBuilder()
        .withNewMetadata()
          .withName(PeerShards.configMapName(name, shard))
          .withNamespace(cvlan.getMetadata().getNamespace())
          .addToLabels(Labels.CVLAN, name)
          .addToLabels(Labels.COMPONENT, Labels.COMPONENT_PEERS)
          .addToLabels(Labels.MANAGED_BY, Labels.OPERATOR)
          .addToAnnotations(VERSION_ANNOTATION, Long.toString(version))
          .withOwnerReferences(OwnerReferences.controller(cvlan))
        .endMetadata()
        .withData(new TreeMap<>(data))
        .build();
  }

  /** The version a stored shard carries, if it carries a readable one. */
  public static OptionalLong versionOf(ConfigMap configMap) {
    Map<String, String> annotations = configMap.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(VERSION_ANNOTATION);
    if (value == null) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
