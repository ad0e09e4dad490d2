package io.cvlan.kube;

/**
 * A write refused because its namespace is being deleted ({@link NamespaceTermination}): what is being
 * deleted there is not to be made again, so whoever catches this stops instead of retrying.
 */
public final class NamespaceTerminatingException extends RuntimeException {
  private final String namespace;

  public NamespaceTerminatingException(String namespace, Throwable cause) {
    super("namespace " + namespace + " is being terminated", cause);
    this.namespace = namespace;
  }

  public String namespace() {
    return namespace;
  }
}
