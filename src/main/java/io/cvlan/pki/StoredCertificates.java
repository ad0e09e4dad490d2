package io.cvlan.pki;

import io.cvlan.api.v1alpha1.Labels;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/**
 * Where a member's current certificate is. A node's: on the Node itself when the registration request (or the
 * reconciler's renewal) signed it with the built-in CA for the agent's CSR, with the CVLAN's CA beside it;
 * otherwise in the Node's Secret, as cert-manager or a server-generated key leave it.
 */
public final class StoredCertificates {
  /** The PEMs; {@code privateKey} only when the server generated the key. */
  public record Stored(String certificate, Optional<String> privateKey, Optional<String> caChain) {
    @Override
    public String toString() {
      return "Stored[privateKey=" + (privateKey.isPresent() ? "<redacted>" : "<none>") + "]";
    }
  }

  private StoredCertificates() {}

  /**
   * Read from the API server, not from {@code node} as a cache holds it: caches leave the certificate out
   * (kilobytes per Node); this runs on rare paths (a repeated registration, a certificate fetch).
   */
  public static Optional<Stored> ofNode(KubernetesClient client, OverlayNode cached) {
    String namespace = cached.getMetadata().getNamespace();
    OverlayNode node = Optional.ofNullable(client.resources(OverlayNode.class).inNamespace(namespace)
        .withName(cached.getMetadata().getName()).get()).orElse(cached);
    Optional<String> kept = Optional.ofNullable(node.getMetadata().getAnnotations()).map(a -> a.get(Labels.CERTIFICATE_ANNOTATION));
    if (kept.isPresent()) {
      Secret ca = client.secrets().inNamespace(namespace).withName(BuiltInCa.caSecretName(node.getSpec().getCvlan())).get();
      return Optional.of(new Stored(kept.get(), Optional.empty(), Secrets.text(ca, Secrets.CA_CRT)));
    }
    return inSecret(client, namespace, CertificateProfiles.nodeSecret(node));
  }

  /** A certificate Secret's PEMs (tls.crt, tls.key, ca.crt): a VRouter's, or a node's kept in a Secret. */
  public static Optional<Stored> inSecret(KubernetesClient client, String namespace, String secretName) {
    Secret secret = client.secrets().inNamespace(namespace).withName(secretName).get();
    return Secrets.text(secret, Secrets.TLS_CRT).map(certificate -> new Stored(certificate, Secrets.text(secret, Secrets.TLS_KEY),
        Secrets.text(secret, Secrets.CA_CRT)));
  }
}
