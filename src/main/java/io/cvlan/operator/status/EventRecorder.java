package io.cvlan.operator.status;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Tells `kubectl describe` and `kubectl get events` what happened to a resource. Called on transitions
 * only, never once per reconcile; a message must never carry a token, key or certificate.
 */
public interface EventRecorder {
  enum Type { Normal, Warning }

  /** reason is CamelCase (Ready, CIDROverlap); message is for a person. */
  void record(HasMetadata resource, Type type, String reason, String message);

  static EventRecorder none() {
    return (resource, type, reason, message) -> { };
  }
}
