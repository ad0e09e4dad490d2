package io.cvlan.registration.poll;

import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.pki.StoredCertificates;
import io.cvlan.registration.http.ApiException;
import io.cvlan.registration.http.RequestContext;
import io.cvlan.registration.protocol.CertificateResponse;
import io.cvlan.registration.protocol.DeregisterResponse;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a registered node may do about itself, authenticated by its client certificate (additions to
 * DESIGN §4): fetch its current certificate once the operator has renewed it ({@code GET
 * /client/certificate}), and deregister ({@code POST /client/deregister}, an ephemeral node shutting down).
 */
public final class NodeSelfService {
  private static final Logger log = LoggerFactory.getLogger(NodeSelfService.class);

  private final KubernetesClient client;
  private final ClientCertificates certificates;

  public NodeSelfService(KubernetesClient client, ClientCertificates certificates) {
    this.client = client;
    this.certificates = certificates;
  }

  ClientCertificates certificates() {
    return certificates;
  }

  public CompletionStage<CertificateResponse> certificate(Void body, RequestContext context) {
    OverlayNode node = certificates.node(context).node();
    StoredCertificates.Stored stored = StoredCertificates.ofNode(client, node).orElseThrow(() -> ApiException.unavailable("not_ready",
        "the node's certificate is being issued; retry", java.time.Duration.ofSeconds(5)));
    return CompletableFuture.completedFuture(new CertificateResponse(node.getMetadata().getName(), stored.certificate(),
        stored.privateKey().orElse(null), stored.caChain().orElse(null)));
  }

  public CompletionStage<DeregisterResponse> deregister(Void body, RequestContext context) {
    OverlayNode node = certificates.node(context).node();
    client.resources(OverlayNode.class).inNamespace(node.getMetadata().getNamespace()).withName(node.getMetadata().getName()).delete();
    log.info("namespace={} node={} deregistered by the node", node.getMetadata().getNamespace(), node.getMetadata().getName());
    return CompletableFuture.completedFuture(new DeregisterResponse(node.getMetadata().getName(), true));
  }
}
