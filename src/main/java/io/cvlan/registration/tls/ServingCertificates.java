package io.cvlan.registration.tls;

import io.cvlan.api.v1alpha1.Labels;
import io.cvlan.pki.CaAlgorithm;
import io.cvlan.pki.CertificateAuthority;
import io.cvlan.pki.Keys;
import io.cvlan.pki.LeafProfile;
import io.cvlan.pki.Secrets;
import io.cvlan.registration.http.ServerTls;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registration API's serving certificate, and the CA agents pin (the {@code ca.crt} of every token
 * Secret). Either a Secret written by cert-manager ({@code tls.crt}, {@code tls.key}, {@code ca.crt}) or the
 * operator's built-in CA: kept in Secret {@value #CA_SECRET} of the operator's namespace so every replica
 * serves under the same CA, with a fresh leaf per process for the given host names.
 */
public final class ServingCertificates {
  public static final String CA_SECRET = "cvlan-registration-ca";
  static final Duration LEAF_VALIDITY = Duration.ofDays(365);
  private static final Logger log = LoggerFactory.getLogger(ServingCertificates.class);

  private ServingCertificates() {}

  /** From a TLS Secret (cert-manager's shape); refuses to start without all three keys. */
  public static ServerTls fromSecret(KubernetesClient client, String namespace, String name) {
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null) {
      throw new IllegalStateException("serving certificate Secret " + namespace + "/" + name + " does not exist");
    }
    String certificate = data(secret, "tls.crt");
    String key = data(secret, "tls.key");
    String ca = data(secret, "ca.crt");
    if (certificate == null || key == null || ca == null) {
      throw new IllegalStateException("serving certificate Secret " + namespace + "/" + name + " needs tls.crt, tls.key and ca.crt");
    }
    return new ServerTls(certificate, key, ca);
  }

  /**
   * From cert-manager: requests a Certificate for these hosts from the issuer and waits (bounded) until
   * cert-manager has written its Secret. cert-manager renews it; a restart serves the renewed one.
   */
  public static ServerTls fromCertManager(KubernetesClient client, String namespace, String name,
      io.cvlan.api.v1alpha1.IssuerRef issuer, List<String> hosts, Duration timeout) throws InterruptedException {
    io.cvlan.pki.CertManagerServingCertificate.request(client, namespace, name, issuer, hosts);
    log.info("namespace={} certificate={} issuer={}/{} serving certificate requested from cert-manager", namespace, name,
        issuer.getKind(), issuer.getName());
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
      if (secret != null && data(secret, "tls.crt") != null && data(secret, "tls.key") != null) {
        return fromSecret(client, namespace, name);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("cert-manager did not write Secret " + namespace + "/" + name + " within " + timeout
            + "; check the Certificate's status (kubectl describe certificate -n " + namespace + " " + name + ")");
      }
      Thread.sleep(500);
    }
  }

  /** From the built-in registration CA (created on first start, race-safely), for these host names and IPs. */
  public static ServerTls builtIn(KubernetesClient client, String namespace, List<String> hosts, Clock clock) {
    SecureRandom random = new SecureRandom();
    CertificateAuthority ca = loadOrCreate(client, namespace, clock, random);
    KeyPair keys = Keys.ecP256(random);
    String leaf = CertificateAuthority.toPem(ca.sign(LeafProfile.server(hosts.get(0), hosts, LEAF_VALIDITY), keys.getPublic(),
        clock.instant()));
    log.info("namespace={} hosts={} registration serving certificate issued by the built-in CA", namespace, hosts);
    return new ServerTls(leaf + ca.certificatePem(), Keys.toPem(keys.getPrivate()), ca.certificatePem());
  }

  private static CertificateAuthority loadOrCreate(KubernetesClient client, String namespace, Clock clock, SecureRandom random) {
    var secrets = client.secrets().inNamespace(namespace);
    Secret existing = secrets.withName(CA_SECRET).get();
    if (existing == null) {
      CertificateAuthority created = CertificateAuthority.generate("cvlan registration CA", clock.instant(),
          CertificateAuthority.DEFAULT_CA_VALIDITY, CaAlgorithm.ECDSA_P256, random);
      try {
        secrets.resource(new SecretBuilder()
            .withNewMetadata().withName(CA_SECRET).withNamespace(namespace)
              .withLabels(Map.of(Labels.MANAGED_BY, Labels.OPERATOR, Labels.COMPONENT, "registration-ca"))
            .endMetadata()
            .withType("kubernetes.io/tls")
            .withData(Map.of("tls.crt", Secrets.encode(created.certificatePem()), "tls.key", Secrets.encode(created.privateKeyPem()),
                "ca.crt", Secrets.encode(created.certificatePem())))
            .build()).create();
        log.info("namespace={} secret={} registration CA created", namespace, CA_SECRET);
        return created;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        // Another replica created it first: serve under its CA.
        existing = secrets.withName(CA_SECRET).get();
      }
    }
    return CertificateAuthority.fromPem(data(existing, "tls.crt"), data(existing, "tls.key"), random);
  }

  private static String data(Secret secret, String key) {
    return Secrets.text(secret, key).orElse(null);
  }
}
