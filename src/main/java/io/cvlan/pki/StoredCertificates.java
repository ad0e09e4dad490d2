package io.cvlan.pki;

import io.cvlan.api.v1alpha1.Labels;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

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
    return of(client.secrets().inNamespace(namespace).withName(secretName).get());
  }

  /**
   * Waits, on a watch of that one Secret (an event, not a polling loop), until it holds a certificate — as
   * cert-manager writes it on its own schedule — for at most {@code patience}; empty if it never does.
   */
  public static Optional<Stored> awaitInSecret(KubernetesClient client, String namespace, String secretName, Duration patience) {
    try {
      return of(client.secrets().inNamespace(namespace).withName(secretName)
          .waitUntilCondition(secret -> of(secret).isPresent(), patience.toMillis(), TimeUnit.MILLISECONDS));
    } catch (KubernetesClientTimeoutException e) {
      return Optional.empty();
    }
  }

  private static Optional<Stored> of(Secret secret) {
    return Secrets.text(secret, Secrets.TLS_CRT).map(certificate -> new Stored(certificate, Secrets.text(secret, Secrets.TLS_KEY),
        Secrets.text(secret, Secrets.CA_CRT)));
  }
}
