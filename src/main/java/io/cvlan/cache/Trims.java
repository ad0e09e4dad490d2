package io.cvlan.cache;

import io.cvlan.api.v1alpha1.Labels;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.api.v1alpha1.HasConditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/** What the read-only caches leave out, and how they list. */
public final class Trims {
  /**
   * Informers list in pages of this many objects: one unpaged LIST of 10,000 Nodes is a single response of
   * tens of megabytes, parsed at once — the moment an operator with a small heap runs out of it.
   */
  public static final long LIST_LIMIT = 500;

  /** Annotations no cached reader uses: they are read from the API server where needed, rarely. */
  private static final Set<String> HEAVY_ANNOTATIONS = Set.of(Labels.CSR_ANNOTATION, Labels.CERTIFICATE_ANNOTATION,
      "kubectl.kubernetes.io/last-applied-configuration");

  private Trims() {}

  /**
   * managedFields (the API server's bookkeeping, larger than many objects) and the heavy annotations; and the
   * empty map every fabric8 model object carries for unknown fields, replaced by one shared empty map (a
   * cached object is read, never extended): five of them per Node and per cache were a tenth of the heap.
   */
  public static <T extends HasMetadata> UnaryOperator<T> bookkeeping() {
    return object -> {
      object.getMetadata().setManagedFields(null);
      compact(object);
      Map<String, String> annotations = object.getMetadata().getAnnotations();
      if (annotations != null && !annotations.isEmpty() && HEAVY_ANNOTATIONS.stream().anyMatch(annotations::containsKey)) {
        annotations.keySet().removeAll(HEAVY_ANNOTATIONS);
      }
      return object;
    };
  }

  public static <T extends HasMetadata> TrimmedStore<T> store() {
    return new TrimmedStore<>(bookkeeping());
  }

  /**
   * Nodes for caches that look them up and decide membership: besides the bookkeeping, without their
   * status conditions (three conditions of five strings each, per Node, per cache). Never for the Node
   * reconciler's own cache: its next status carries the conditions over.
   */
  public static TrimmedStore<OverlayNode> nodeLookups() {
    UnaryOperator<OverlayNode> bookkeeping = bookkeeping();
    return new TrimmedStore<>(node -> {
      if (node.getStatus() != null) {
        node.getStatus().setConditions(null);
      }
      return bookkeeping.apply(node);
    });
  }

  private static final Map<String, Object> NO_UNKNOWN_FIELDS = Map.of();

  private static void compact(HasMetadata object) {
    ObjectMeta metadata = object.getMetadata();
    if (metadata.getAdditionalProperties() != null && metadata.getAdditionalProperties().isEmpty()) {
      metadata.setAdditionalProperties(NO_UNKNOWN_FIELDS);
    }
    for (OwnerReference owner : metadata.getOwnerReferences()) {
      if (owner.getAdditionalProperties() != null && owner.getAdditionalProperties().isEmpty()) {
        owner.setAdditionalProperties(NO_UNKNOWN_FIELDS);
      }
    }
    if (object instanceof CustomResource<?, ?> resource && resource.getStatus() instanceof HasConditions status
        && status.getConditions() != null) {
      for (Condition condition : status.getConditions()) {
        if (condition.getAdditionalProperties() != null && condition.getAdditionalProperties().isEmpty()) {
          condition.setAdditionalProperties(NO_UNKNOWN_FIELDS);
        }
      }
    }
  }
}
