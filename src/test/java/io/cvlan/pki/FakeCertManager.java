package io.cvlan.pki;

import io.fabric8.certmanager.api.model.v1.Certificate;
import io.fabric8.certmanager.api.model.v1.CertificateCondition;
import io.fabric8.certmanager.api.model.v1.CertificateStatus;
import io.fabric8.certmanager.client.CertManagerClient;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Plays cert-manager's part against the mock API server: watches Certificates, writes each one's Secret
 * signed by a real test CA for the requested duration, and marks the Certificate Ready.
 */
public final class FakeCertManager implements AutoCloseable {
  private final KubernetesClient client;
  private final Clock clock;
  private final CertificateAuthority ca;
  private final SharedIndexInformer<Certificate> informer;

  private FakeCertManager(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
    this.ca = CertificateAuthority.generate("fake cert-manager CA", clock.instant(), Duration.ofDays(365),
        CaAlgorithm.ECDSA_P256, Csrs.RANDOM);
    this.informer = certificates().inAnyNamespace().inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Certificate certificate) {
        reconcile(certificate);
      }

      @Override
      public void onUpdate(Certificate before, Certificate certificate) {
        reconcile(certificate);
      }

      @Override
      public void onDelete(Certificate certificate, boolean unknownFinalState) {
      }
    }, 0);
  }

  public static FakeCertManager start(KubernetesClient client, Clock clock) {
    return new FakeCertManager(client, clock);
  }

  /** The smallest CRD that makes the mock serve Certificates (with a status subresource) and makes cert-manager look installed. */
  public static void installCrd(KubernetesClient client) {
    CustomResourceDefinition crd = new CustomResourceDefinitionBuilder()
        .withNewMetadata().withName(CertificateIssuers.CERTIFICATES_CRD).endMetadata()
        .withNewSpec()
        .withGroup("cert-manager.io")
        .withScope("Namespaced")
        .withNewNames().withKind("Certificate").withListKind("CertificateList").withPlural("certificates")
        .withSingular("certificate").endNames()
        .addNewVersion().withName("v1").withServed(true).withStorage(true)
        .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
        .endOpenAPIV3Schema().endSchema()
        .withNewSubresources().withNewStatus().endStatus().endSubresources()
        .endVersion()
        .endSpec()
        .build();
    client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
  }

  CertificateAuthority ca() {
    return ca;
  }

  private synchronized void reconcile(Certificate certificate) {
    String namespace = certificate.getMetadata().getNamespace();
    var spec = certificate.getSpec();
    Duration duration = spec.getDuration() == null ? Duration.ofDays(90) : spec.getDuration().getDuration();
    String uri = spec.getUris() == null || spec.getUris().isEmpty() ? "" : spec.getUris().get(0);
    Secret existing = client.secrets().inNamespace(namespace).withName(spec.getSecretName()).get();
    Optional<X509CertificateHolder> current = Secrets.text(existing, Secrets.TLS_CRT).flatMap(Pem::parseCertificate);
    if (current.isPresent() && CertificateIdentity.of(current.get()).names(spec.getCommonName(), uri)
        && lifetime(current.get()).equals(duration)) {
      return;
    }
    Instant now = clock.instant();
    KeyPair keys = Keys.ecP256(Csrs.RANDOM);
    X509CertificateHolder leaf = ca.sign(new LeafProfile(spec.getCommonName(), uri, duration), keys.getPublic(), now);
    // Like cert-manager: the Secret is not owned by the Certificate unless asked for.
    Secret secret = new SecretBuilder()
        .withNewMetadata().withNamespace(namespace).withName(spec.getSecretName())
        .addToAnnotations("cert-manager.io/certificate-name", certificate.getMetadata().getName())
        .endMetadata()
        .withType(Secrets.TLS_TYPE)
        .withData(Map.of(
            Secrets.TLS_CRT, Secrets.encode(Pem.certificate(leaf)),
            Secrets.TLS_KEY, Secrets.encode(Pem.privateKey(keys.getPrivate())),
            Secrets.CA_CRT, Secrets.encode(ca.certificatePem())))
        .build();
    client.secrets().inNamespace(namespace).resource(secret).createOr(NonDeletingOperation::update);
    CertificateStatus status = new CertificateStatus();
    status.setNotBefore(CertificateAuthority.notBefore(leaf).toString());
    status.setNotAfter(CertificateAuthority.notAfter(leaf).toString());
    status.setConditions(List.of(new CertificateCondition(now.toString(), "Certificate is up to date and has not expired",
        certificate.getMetadata().getGeneration(), "Ready", "True", "Ready")));
    certificates().inNamespace(namespace).withName(certificate.getMetadata().getName())
        .editStatus(c -> {
          c.setStatus(status);
          return c;
        });
  }

  /** The lifetime asked for: our CA backdates by {@link CertificateAuthority#BACKDATE}. */
  private static Duration lifetime(X509CertificateHolder certificate) {
    return Duration.between(CertificateAuthority.notBefore(certificate), CertificateAuthority.notAfter(certificate))
        .minus(CertificateAuthority.BACKDATE);
  }

  private io.fabric8.kubernetes.client.dsl.MixedOperation<Certificate,
      io.fabric8.certmanager.api.model.v1.CertificateList,
      io.fabric8.kubernetes.client.dsl.Resource<Certificate>> certificates() {
    return client.adapt(CertManagerClient.class).v1().certificates();
  }

  @Override
  public void close() {
    informer.close();
  }
}
