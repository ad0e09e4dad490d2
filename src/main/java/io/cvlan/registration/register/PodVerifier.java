package io.cvlan.registration.register;

import io.cvlan.api.v1alpha1.PodRef;
import io.cvlan.registration.http.ApiException;
import io.cvlan.registration.protocol.PodDto;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/**
 * A register request that names a pod is checked against the API server before anything is created: the
 * Node will be owned by that pod, so the garbage collector removes it with the pod. A pod that does not
 * exist (or a made-up uid) would have its Node collected a moment after the answer — an identity the agent
 * holds and nobody else knows, and its address handed to the next node — and a pod of another namespace
 * cannot own it at all.
 */
final class PodVerifier {
  private final KubernetesClient client;

  PodVerifier(KubernetesClient client) {
    this.client = client;
  }

  /** The pod the Node will belong to, verified; empty when the request names none. */
  Optional<PodRef> verify(String tokenNamespace, PodDto claimed) {
    if (claimed == null) {
      return Optional.empty();
    }
    if (!tokenNamespace.equals(claimed.namespace())) {
      throw ApiException.forbidden("pod_namespace_mismatch", "pod " + claimed.namespace() + "/" + claimed.name()
          + " is not in namespace " + tokenNamespace + " of the registration token; a pod joins with a token of its own namespace");
    }
    Pod pod = client.pods().inNamespace(claimed.namespace()).withName(claimed.name()).get();
    if (pod == null) {
      throw ApiException.forbidden("pod_not_found", "pod " + claimed.namespace() + "/" + claimed.name() + " does not exist");
    }
    if (!pod.getMetadata().getUid().equals(claimed.uid())) {
      throw ApiException.forbidden("pod_uid_mismatch", "pod " + claimed.namespace() + "/" + claimed.name()
          + " has another uid than the request names; the pod was replaced: register from the running pod");
    }
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      throw ApiException.forbidden("pod_terminating", "pod " + claimed.namespace() + "/" + claimed.name() + " is being deleted");
    }
    PodRef ref = new PodRef();
    ref.setNamespace(claimed.namespace());
    ref.setName(claimed.name());
    ref.setUid(claimed.uid());
    return Optional.of(ref);
  }
}
