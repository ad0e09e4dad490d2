package io.cvlan.api.v1alpha1;

/**
 * The well-known labels and annotations of the cvlan.io API: what the operator puts on the objects it
 * creates, and what agents, the registration API and users select them by. Declared once, here, because
 * every layer (ipam, pki, peers, the operator, the API and the agent) reads them.
 */
public final class Labels {
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String OPERATOR = "cvlan-operator";
  public static final String COMPONENT = "app.kubernetes.io/component";
  /** The CVLAN an object belongs to (peer ConfigMaps, address claims, CA Secrets, Nodes). */
  public static final String CVLAN = "cvlan.io/cvlan";
  public static final String REGISTRATION_TOKEN = "cvlan.io/registration-token";
  /** The VRouter a join token Secret belongs to. */
  public static final String VROUTER = "cvlan.io/vrouter";
  /** {@link #COMPONENT} of the peer ConfigMaps agents watch. */
  public static final String COMPONENT_PEERS = "peers";
  /** Annotation of a Node registered with a CSR: the CSR (PEM), so re-issuing certifies the agent's own key. */
  public static final String CSR_ANNOTATION = "cvlan.io/csr";

  /**
   * Annotation of a Node whose certificate the registration request signed (built-in CA, CSR): the PEM the
   * agent was given, kept with the Node it was created with — no separate Secret, no extra write.
   */
  public static final String CERTIFICATE_ANNOTATION = "cvlan.io/certificate";
  /** The Node reconciler's finalizer (JOSDK's default name), set by the request that creates the Node. */
  public static final String NODE_FINALIZER = "nodes.cvlan.io/finalizer";

  private Labels() {}
}
