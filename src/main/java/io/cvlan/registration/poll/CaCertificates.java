package io.cvlan.registration.poll;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * The {@code ca.crt} of Secrets, parsed once per Secret resourceVersion. A Secret is re-read at most every
 * {@code maxAge} (a rotated CA is picked up within it) instead of on every poll; the Secret informer that
 * would avoid even that would watch every Secret of the cluster.
 */
final class CaCertificates {
  private record Entry(String resourceVersion, List<X509Certificate> certificates) {}

  private final KubernetesClient client;
  private final Cache<String, Entry> fetched;
  private final Cache<String, Entry> parsed = Caffeine.newBuilder().maximumSize(10_000).build();

  CaCertificates(KubernetesClient client, Duration maxAge) {
    this.client = client;
    this.fetched = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(maxAge).build();
  }

  /** The CA certificates in {@code ca.crt} of the Secret; empty when it or the key is missing. */
  List<X509Certificate> of(String namespace, String secretName) {
    String key = namespace + "/" + secretName;
    return fetched.get(key, k -> read(namespace, secretName, key)).certificates();
  }

  private Entry read(String namespace, String secretName, String key) {
    Secret secret = client.secrets().inNamespace(namespace).withName(secretName).get();
    if (secret == null || secret.getData() == null || secret.getData().get("ca.crt") == null) {
      return new Entry("", List.of());
    }
    String resourceVersion = secret.getMetadata().getResourceVersion();
    Entry known = parsed.getIfPresent(key);
    if (known != null && known.resourceVersion().equals(resourceVersion)) {
      return known;
    }
    Entry entry = new Entry(resourceVersion, parse(secret.getData().get("ca.crt")));
    parsed.put(key, entry);
    return entry;
  }

  private static List<X509Certificate> parse(String base64) {
    try {
      byte[] pem = Base64.getDecoder().decode(base64);
      return CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem)).stream()
          .map(X509Certificate.class::cast).toList();
    } catch (Exception e) {
      return List.of();
    }
  }

}
