package io.cvlan.testing;

import io.cvlan.api.v1alpha1.HasConditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.CustomResource;

/** Condition lookups for the assertions of the operator tests. */
public final class Statuses {
  private Statuses() {}

  public static Condition condition(CustomResource<?, ? extends HasConditions> resource, String type) {
    return resource.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
        .orElseThrow(() -> new AssertionError("no condition " + type + " on " + resource.getMetadata().getName()));
  }

  public static boolean hasCondition(CustomResource<?, ? extends HasConditions> resource, String type, String status) {
    return resource.getStatus() != null && resource.getStatus().getConditions().stream()
        .anyMatch(c -> type.equals(c.getType()) && status.equals(c.getStatus()));
  }

  public static boolean hasCondition(CustomResource<?, ? extends HasConditions> resource, String type, String status, String reason) {
    return resource.getStatus() != null && resource.getStatus().getConditions().stream()
        .anyMatch(c -> type.equals(c.getType()) && status.equals(c.getStatus()) && reason.equals(c.getReason()));
  }
}
