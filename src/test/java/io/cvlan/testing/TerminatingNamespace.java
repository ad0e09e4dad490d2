package io.cvlan.testing;

import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * What kube-apiserver answers a create in a namespace being deleted (its NamespaceLifecycle admission), for
 * the embedded server's fault hook: the mock has no namespace lifecycle of its own.
 */
public final class TerminatingNamespace {
  private TerminatingNamespace() {}

  /** Whether {@code request} creates something in {@code namespace}: what such a namespace refuses. */
  public static boolean isCreateIn(RecordedRequest request, String namespace) {
    return "POST".equalsIgnoreCase(request.getMethod()) && request.getPath().contains("/namespaces/" + namespace + "/");
  }

  /** The 403 as a real API server words it. */
  public static MockResponse refusal(String namespace) {
    return new MockResponse().setResponseCode(403).setBody("""
        {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
         "message":"secrets \\"t1-token\\" is forbidden: unable to create new content in namespace %s because it is being terminated",
         "reason":"Forbidden","details":{"name":"t1-token","kind":"secrets","causes":[{"reason":"NamespaceTerminating",
         "message":"namespace %s is being terminated","field":"metadata.namespace"}]},"code":403}
        """.formatted(namespace, namespace));
  }
}
