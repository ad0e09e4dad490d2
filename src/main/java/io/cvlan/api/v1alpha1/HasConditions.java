package io.cvlan.api.v1alpha1;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** Every status carries metav1.Condition-shaped conditions and the generation they describe. */
public interface HasConditions {
  List<Condition> getConditions();

  void setConditions(List<Condition> conditions);

  Long getObservedGeneration();

  void setObservedGeneration(Long observedGeneration);
}
