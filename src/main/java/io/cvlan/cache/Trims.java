package io.cvlan.cache;

import io.cvlan.api.v1alpha1.Labels;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
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

  /** managedFields (the API server's bookkeeping, larger than many objects) and the heavy annotations. */
  public static <T extends HasMetadata> UnaryOperator<T> bookkeeping() {
    return object -> {
      object.getMetadata().setManagedFields(null);
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
}
