package io.cvlan.pki;

import io.cvlan.api.v1alpha1.IssuerRef;
import io.fabric8.certmanager.api.model.meta.v1.ObjectReferenceBuilder;
import io.fabric8.certmanager.api.model.v1.Certificate;
import io.fabric8.certmanager.api.model.v1.CertificateBuilder;
import io.fabric8.certmanager.api.model.v1.CertificatePrivateKeyBuilder;
import io.fabric8.certmanager.api.model.v1.CertificateSpec;
import io.fabric8.certmanager.client.CertManagerClient;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The registration API's serving certificate as a cert-manager {@code Certificate}: host names and IPs of
 * the service, server auth, 90 days renewed 30 days ahead. cert-manager writes the Secret the API serves.
 */
public final class CertManagerServingCertificate {
  static final Duration VALIDITY = Duration.ofDays(90);

  private CertManagerServingCertificate() {}

  public static Certificate desired(String namespace, String name, IssuerRef issuer, List<String> hosts) {
    CertificateSpec spec = new CertificateSpec();
    spec.setSecretName(name);
    spec.setCommonName(hosts.get(0));
    spec.setDnsNames(hosts.stream().filter(h -> !isIp(h)).toList());
    spec.setIpAddresses(hosts.stream().filter(CertManagerServingCertificate::isIp).toList());
    spec.setDuration(new GoDuration(VALIDITY));
    spec.setRenewBefore(new GoDuration(VALIDITY.dividedBy(3)));
    spec.setPrivateKey(new CertificatePrivateKeyBuilder().withAlgorithm("ECDSA").withSize(256).build());
    spec.setUsages(List.of("server auth", "digital signature"));
    spec.setIssuerRef(new ObjectReferenceBuilder()
        .withName(issuer.getName())
        .withKind(issuer.getKind().name())
        .withGroup(Optional.ofNullable(issuer.getGroup()).orElse("cert-manager.io"))
        .build());
    return new CertificateBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata().withSpec(spec).build();
  }

  /** Creates the Certificate, or brings its spec up to date. */
  public static void request(KubernetesClient client, String namespace, String name, IssuerRef issuer, List<String> hosts) {
    Certificate desired = desired(namespace, name, issuer, hosts);
    var certificates = client.adapt(CertManagerClient.class).v1().certificates().inNamespace(namespace);
    Certificate existing = certificates.withName(name).get();
    if (existing == null) {
      certificates.resource(desired).create();
    } else if (!desired.getSpec().equals(existing.getSpec())) {
      existing.setSpec(desired.getSpec());
      certificates.resource(existing).update();
    }
  }

  private static boolean isIp(String host) {
    return host.matches("[0-9.]+") || host.contains(":");
  }
}
