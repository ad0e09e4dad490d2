package io.cvlan.registration.register;

import io.cvlan.api.v1alpha1.Labels;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.ipam.Allocation;
import io.cvlan.ipam.CvlanExhaustedException;
import io.cvlan.model.CvlanLookup;
import io.cvlan.model.CvlanOwner;
import io.cvlan.model.Provisioning;
import io.cvlan.pki.CertificateIssuer;
import io.cvlan.pki.CertificateProfiles;
import io.cvlan.pki.InvalidCsrException;
import io.cvlan.pki.IssueResult;
import io.cvlan.pki.VerifiedCsr;
import io.cvlan.registration.http.ApiException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer per Node (DESIGN §2): the request that registers a node claims its addresses, signs its
 * certificate (built-in CA, the CSR's key) and creates the Node already carrying both, with its finalizer —
 * as a Service's clusterIP is allocated at create time. The reconciler only confirms. A failure after the
 * claim releases it; a crash in between leaves a claim without a Node, which the repair pass releases.
 */
final class NodeProvisioner {
  static final Duration CVLAN_EXHAUSTED_RETRY = Duration.ofSeconds(30);
  private static final Logger log = LoggerFactory.getLogger(NodeProvisioner.class);

  /**
   * A created Node and, when it was signed in the request, its certificate. With a cert-manager issuer
   * (or no CSR) the certificate comes later, in the Node's Secret.
   */
  record Provisioned(OverlayNode node, Optional<IssueResult.Issued> certificate) {}

  private final KubernetesClient client;
  private final Provisioning provisioning;

  NodeProvisioner(KubernetesClient client, Provisioning provisioning) {
    this.client = client;
    this.provisioning = provisioning;
  }

  /**
   * Provisions {@code draft} (a Node not created yet: name, spec, labels and annotations set) in its CVLAN.
   * {@code draft} is completed in place with its addresses, certificate and finalizer.
   */
  Provisioned provision(Admission admitted, OverlayNode draft, Optional<VerifiedCsr> csr) {
    CvlanLookup lookup = CvlanLookup.of(admitted.namespace(), admitted.cvlanName(), Optional.of(admitted.cvlan()));
    if (!(lookup instanceof CvlanLookup.Usable usable)) {
      throw ApiException.unavailable("cvlan_not_ready", ((CvlanLookup.Unusable) lookup).message() + "; retry later",
          TokenAdmission.CVLAN_NOT_READY_RETRY);
    }
    // Claims are held by the owner's name: a generated name already holding one (40 random bits: all but
    // impossible) would be handed that holder's address. Refuse; the agent retries with a fresh nonce.
    if (provisioning.allocator().held(admitted.namespace(), admitted.cvlanName(), draft).isPresent()) {
      throw ApiException.conflict("node_name_taken", "the generated node id is taken; retry with a fresh nonce");
    }
    Allocation allocation;
    try {
      allocation = provisioning.allocator().allocate(usable.cvlan(), usable.space(), draft);
    } catch (CvlanExhaustedException e) {
      throw ApiException.unavailable("cvlan_exhausted", "CVLAN " + admitted.cvlanName()
          + " has no free address; retry later or ask an admin to widen it", CVLAN_EXHAUSTED_RETRY);
    }
    try {
      draft.getSpec().setIpv4(allocation.ipv4());
      draft.getSpec().setIpv6(allocation.ipv6().orElse(null));
      CertificateIssuer issuer = provisioning.issuers().forCvlan(usable.cvlan());
      Optional<IssueResult.Issued> certificate = issuer.signNow(usable.cvlan(), CertificateProfiles.node(usable.cvlan(), draft, csr));
      certificate.ifPresent(issued -> annotate(draft, Labels.CERTIFICATE_ANNOTATION, issued.certificatePem()));
      List<String> finalizers = new ArrayList<>(draft.getMetadata().getFinalizers());
      finalizers.add(Labels.NODE_FINALIZER);
      draft.getMetadata().setFinalizers(finalizers);
      CvlanOwner.adopt(draft, usable.cvlan());
      if (certificate.isPresent() && csr.isPresent()) {
        provisioning.newNodes().creating(draft, csr.get(), certificate.get().certificatePem());
      }
      return new Provisioned(create(draft), certificate);
    } catch (InvalidCsrException e) {
      release(draft, admitted, allocation);
      throw new ApiException(400, "invalid_csr", e.getMessage());
    } catch (RuntimeException e) {
      provisioning.newNodes().notCreated(draft);
      release(draft, admitted, allocation);
      throw e;
    }
  }

  /**
   * Creates the Node. Its claims name it, so a name collision (40 random bits: all but impossible) is
   * refused rather than re-claimed under a new name; the agent retries with a fresh nonce.
   */
  private OverlayNode create(OverlayNode draft) {
    try {
      return client.resource(draft).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        throw ApiException.conflict("node_name_taken", "the generated node id is taken; retry with a fresh nonce");
      }
      throw e;
    }
  }

  /** Best effort: what is not released here is released by the repair pass once its grace has passed. */
  private void release(OverlayNode draft, Admission admitted, Allocation allocation) {
    try {
      provisioning.allocator().unclaim(draft, admitted.cvlanName(), allocation);
    } catch (KubernetesClientException e) {
      log.warn("namespace={} node={} claims not released error={}; the repair pass will", admitted.namespace(),
          draft.getMetadata().getName(), e.getCode());
    }
  }

  private static void annotate(OverlayNode node, String key, String value) {
    var annotations = new HashMap<>(Optional.ofNullable(node.getMetadata().getAnnotations()).orElse(java.util.Map.of()));
    annotations.put(key, value);
    node.getMetadata().setAnnotations(annotations);
  }
}
