package io.cvlan.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What every status of this API carries: conditions and the generation they describe. */
public abstract class ConditionedStatus implements HasConditions {
  @JsonPropertyDescription("The metadata.generation of the spec this status describes; lower than the current generation while a change is not yet reconciled. Written by the operator.")
  private Long observedGeneration;

  @JsonPropertyDescription("Observations of the resource's state in the metav1.Condition shape, one per type; Ready says whether it is usable and, when not, why (reason, message). Written by the operator.")
  private List<Condition> conditions = new ArrayList<>();

  @Override
  public Long getObservedGeneration() {
    return observedGeneration;
  }

  @Override
  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  @Override
  public List<Condition> getConditions() {
    return conditions;
  }

  @Override
  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }
}
