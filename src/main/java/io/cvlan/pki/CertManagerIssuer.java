package io.cvlan.pki;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.IssuerRef;
import io.fabric8.certmanager.api.model.meta.v1.ObjectReferenceBuilder;
import io.fabric8.certmanager.api.model.v1.Certificate;
import io.fabric8.certmanager.api.model.v1.CertificateBuilder;
import io.fabric8.certmanager.api.model.v1.CertificateCondition;
import io.fabric8.certmanager.api.model.v1.CertificateSpec;
import io.fabric8.certmanager.client.CertManagerClient;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delegates issuance to cert-manager: declares a {@code Certificate} (cert-manager.io/v1) named after the
 * request's Secret and reports Issued once cert-manager has written that Secret. Renewal is cert-manager's
 * job ({@code renewBefore} = a third of the validity). A CSR is ignored: cert-manager makes the key.
 */
public final class CertManagerIssuer implements CertificateIssuer {
  public static final String REASON_PENDING = "CertificatePending";
  public static final String REASON_NOT_INSTALLED = "CertManagerNotInstalled";
  static final List<String> USAGES = List.of("client auth", "server auth", "digital signature");
  private static final Logger LOG = LoggerFactory.getLogger(CertManagerIssuer.class);

  private final KubernetesClient client;
  private final Clock clock;
  private final BooleanSupplier installed;

  public CertManagerIssuer(KubernetesClient client, Clock clock, BooleanSupplier certManagerInstalled) {
    this.client = client;
    this.clock = clock;
    this.installed = certManagerInstalled;
  }

  /** cert-manager signs on its own schedule: nothing can be signed within the request. */
  @Override
  public Optional<IssueResult.Issued> signNow(CVLAN cvlan, CertificateRequest request) {
    return Optional.empty();
  }

  @Override
  public IssueResult issue(CVLAN cvlan, CertificateRequest request) {
    IssuerRef issuer = issuerRef(cvlan);
    if (!installed.getAsBoolean()) {
      return new IssueResult.Pending(REASON_NOT_INSTALLED, "the CVLAN names issuer " + describe(issuer)
          + " but cert-manager's CRDs are not installed in this cluster; install cert-manager or remove"
          + " spec.certificates.issuerRef");
    }
    Certificate certificate = apply(desired(issuer, request));
    Optional<IssueResult.Issued> issued = fromSecret(request);
    if (issued.isPresent()) {
      return issued.get();
    }
    String message = "waiting for cert-manager to issue Certificate " + request.namespace() + "/"
        + request.secretName() + " via " + describe(issuer) + readyMessage(certificate).map(m -> ": " + m).orElse("");
    return new IssueResult.Pending(REASON_PENDING, message);
  }

  @Override
  public Optional<IssueResult.Issued> current(CVLAN cvlan, CertificateRequest request) {
    if (!installed.getAsBoolean()) {
      return Optional.empty();
    }
    return fromSecret(request).filter(issued -> clock.instant().isBefore(issued.notAfter()));
  }

  @Override
  public void revoke(String namespace, String secretName) {
    if (installed.getAsBoolean()) {
      certificates().inNamespace(namespace).withName(secretName).delete();
    }
    // cert-manager does not delete the Secret with its Certificate (unless told to): do it here.
    client.secrets().inNamespace(namespace).withName(secretName).delete();
    LOG.info("namespace={} certificate={} revoked", namespace, secretName);
  }

  /** The Certificate this request should have: what a test or a reviewer compares against. */
  static Certificate desired(IssuerRef issuer, CertificateRequest request) {
    CertificateSpec spec = new CertificateSpec();
    spec.setSecretName(request.secretName());
    spec.setCommonName(request.commonName());
    spec.setUris(List.of(request.uriSan()));
    spec.setDuration(new GoDuration(request.validity()));
    spec.setRenewBefore(new GoDuration(request.validity().dividedBy(3)));
    spec.setPrivateKey(new io.fabric8.certmanager.api.model.v1.CertificatePrivateKeyBuilder()
        .withAlgorithm("ECDSA").withSize(256).build());
    spec.setUsages(USAGES);
    spec.setIssuerRef(new ObjectReferenceBuilder()
        .withName(issuer.getName())
        .withKind(issuer.getKind().name())
        .withGroup(Optional.ofNullable(issuer.getGroup()).orElse("cert-manager.io"))
        .build());
    return new CertificateBuilder()
        .withNewMetadata()
        .withNamespace(request.namespace())
        .withName(request.secretName())
        .withOwnerReferences(Secrets.ownerReference(request.owner()))
        .endMetadata()
        .withSpec(spec)
        .build();
  }

  /** Creates the Certificate, or updates its spec when it differs; cert-manager's status is left alone. */
  private Certificate apply(Certificate desired) {
    var resource = certificates().inNamespace(desired.getMetadata().getNamespace())
        .withName(desired.getMetadata().getName());
    Certificate existing = resource.get();
    if (existing == null) {
      try {
        Certificate created = certificates().resource(desired).create();
        LOG.info("namespace={} certificate={} issuer={} certificate requested from cert-manager",
            desired.getMetadata().getNamespace(), desired.getMetadata().getName(),
            desired.getSpec().getIssuerRef().getName());
        return created;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
        existing = resource.get();
      }
    }
    // Compared as the API server will hold it: durations read back as fabric8's plain Duration.
    CertificateSpec wanted = client.getKubernetesSerialization()
        .unmarshal(client.getKubernetesSerialization().asJson(desired.getSpec()), CertificateSpec.class);
    if (Objects.equals(existing.getSpec(), wanted)) {
      return existing;
    }
    return resource.edit(current -> {
      current.setSpec(desired.getSpec());
      current.getMetadata().setOwnerReferences(desired.getMetadata().getOwnerReferences());
      return current;
    });
  }

  private Optional<IssueResult.Issued> fromSecret(CertificateRequest request) {
    Secret secret = client.secrets().inNamespace(request.namespace()).withName(request.secretName()).get();
    Optional<String> certificatePem = Secrets.text(secret, Secrets.TLS_CRT);
    Optional<X509CertificateHolder> certificate = certificatePem.flatMap(Pem::parseCertificate);
    if (certificate.isEmpty()
        || !CertificateIdentity.of(certificate.get()).names(request.commonName(), request.uriSan())) {
      return Optional.empty();
    }
    return Optional.of(new IssueResult.Issued(request.secretName(),
        CertificateAuthority.notBefore(certificate.get()), CertificateAuthority.notAfter(certificate.get()),
        certificatePem.get(), Secrets.text(secret, Secrets.TLS_KEY), Secrets.text(secret, Secrets.CA_CRT).orElse("")));
  }

  private static Optional<String> readyMessage(Certificate certificate) {
    if (certificate.getStatus() == null || certificate.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return certificate.getStatus().getConditions().stream()
        .filter(condition -> "Ready".equals(condition.getType()))
        .map(CertificateCondition::getMessage)
        .filter(message -> message != null && !message.isBlank())
        .findFirst();
  }

  private io.fabric8.kubernetes.client.dsl.MixedOperation<Certificate,
      io.fabric8.certmanager.api.model.v1.CertificateList,
      io.fabric8.kubernetes.client.dsl.Resource<Certificate>> certificates() {
    return client.adapt(CertManagerClient.class).v1().certificates();
  }

  static IssuerRef issuerRef(CVLAN cvlan) {
    return cvlan.getSpec().getCertificates().getIssuerRef();
  }

  static String describe(IssuerRef issuer) {
    return issuer.getKind().name() + "/" + issuer.getName();
  }
}
