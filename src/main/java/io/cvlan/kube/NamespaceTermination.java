package io.cvlan.kube;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.Optional;

/**
 * Whether a namespace is being deleted. The namespace controller then deletes everything in it and the API
 * server answers every create there with 403 {@code ... because it is being terminated}: a reconciler that
 * meets either has nothing left to do — re-creating what is being deleted only fails again, and the 403 is
 * no error worth a stack trace, a condition or a retry.
 */
public final class NamespaceTermination {
  /** The words kube-apiserver's NamespaceLifecycle admission puts in its refusal. */
  static final String MESSAGE = "is being terminated";
  /** The cause reason of that refusal ({@code metav1.CauseTypeNamespaceTerminating}). */
  static final String CAUSE = "NamespaceTerminating";

  private NamespaceTermination() {}

  /** Whether the namespace is being deleted: it has a deletionTimestamp, or its phase says so. */
  public static boolean isTerminating(Namespace namespace) {
    return namespace != null && (namespace.getMetadata() != null && namespace.getMetadata().getDeletionTimestamp() != null
        || namespace.getStatus() != null && "Terminating".equals(namespace.getStatus().getPhase()));
  }

  /**
   * Whether {@code error}, or any of its causes, is the API server refusing a write because the namespace is
   * being deleted (a 403 naming the termination, or a {@link NamespaceTerminatingException}).
   */
  public static boolean refused(Throwable error) {
    for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
      if (e instanceof NamespaceTerminatingException || e instanceof KubernetesClientException k && isRefusal(k)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isRefusal(KubernetesClientException e) {
    if (e.getCode() != HttpURLConnection.HTTP_FORBIDDEN) {
      return false;
    }
    Optional<Status> status = Optional.ofNullable(e.getStatus());
    boolean cause = status.map(Status::getDetails).map(d -> d.getCauses()).orElse(List.of()).stream()
        .map(StatusCause::getReason).anyMatch(CAUSE::equals);
    boolean message = status.map(Status::getMessage).filter(m -> m.contains(MESSAGE)).isPresent()
        || e.getMessage() != null && e.getMessage().contains(MESSAGE);
    return cause || message;
  }
}
