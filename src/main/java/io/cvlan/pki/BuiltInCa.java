package io.cvlan.pki;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.Labels;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.net.HttpURLConnection;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's own CA, one per CVLAN. Its certificate is in {@code <cvlan>-ca} (agents and servers may
 * read it), its key in {@code <cvlan>-ca-key} (only the operator reads it), both owned by the CVLAN.
 */
public final class BuiltInCa implements CertificateIssuer {
  private static final Logger LOG = LoggerFactory.getLogger(BuiltInCa.class);

  private final KubernetesClient client;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  /** Keyed by namespace and CVLAN uid: a CVLAN deleted and created again under its name gets a new CA. */
  private final ConcurrentMap<String, CertificateAuthority> authorities = new ConcurrentHashMap<>();

  public BuiltInCa(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public static String caSecretName(String cvlan) {
    return cvlan + "-ca";
  }

  public static String caKeySecretName(String cvlan) {
    return cvlan + "-ca-key";
  }

  public static String caCommonName(String namespace, String cvlan) {
    return "cvlan " + namespace + "/" + cvlan + " CA";
  }

  @Override
  public Optional<IssueResult.Issued> signNow(CVLAN cvlan, CertificateRequest request) throws InvalidCsrException {
    if (request.csr().isEmpty()) {
      return Optional.empty();
    }
    // Free for the CSR of a registration request: it was verified when the request was checked.
    SubjectPublicKeyInfo publicKey = request.csr().get().verified().publicKey();
    return Optional.of(sign(cvlan, request, publicKey, Optional.empty()));
  }

  @Override
  public IssueResult issue(CVLAN cvlan, CertificateRequest request) throws InvalidCsrException {
    // The CSR is checked first: a refused request must not create anything.
    Optional<SubjectPublicKeyInfo> csrKey = request.csr().isPresent()
        ? Optional.of(request.csr().get().verified().publicKey()) : Optional.empty();
    IssueResult.Issued issued;
    if (csrKey.isPresent()) {
      issued = sign(cvlan, request, csrKey.get(), Optional.empty());
    } else {
      KeyPair keys = Keys.ecP256(random);
      issued = sign(cvlan, request, SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()),
          Optional.of(Pem.privateKey(keys.getPrivate())));
    }
    Secret secret = Secrets.tls(request.namespace(), request.secretName(), cvlan.getMetadata().getName(),
        request.owner(), issued.certificatePem(), issued.privateKeyPem().orElse(""), issued.caChainPem());
    // The CSR stays beside its certificate: whoever renews it later signs the same key instead of making one.
    request.csr().ifPresent(csr -> secret.getMetadata().setAnnotations(Map.of(Labels.CSR_ANNOTATION, Secrets.encode(csr.pem()))));
    client.secrets().inNamespace(request.namespace()).resource(secret).createOr(NonDeletingOperation::update);
    return issued;
  }

  private IssueResult.Issued sign(CVLAN cvlan, CertificateRequest request, SubjectPublicKeyInfo publicKey,
      Optional<String> privateKeyPem) {
    CertificateAuthority ca = authority(cvlan);
    X509CertificateHolder certificate = ca.sign(
        new LeafProfile(request.commonName(), request.uriSan(), request.validity()), publicKey, clock.instant());
    LOG.info("namespace={} cvlan={} cn={} serial={} notAfter={} csr={} certificate issued",
        request.namespace(), cvlan.getMetadata().getName(), request.commonName(),
        certificate.getSerialNumber().toString(16), certificate.getNotAfter().toInstant(), privateKeyPem.isEmpty());
    return new IssueResult.Issued(request.secretName(), CertificateAuthority.notBefore(certificate),
        CertificateAuthority.notAfter(certificate), Pem.certificate(certificate), privateKeyPem, ca.certificatePem());
  }

  @Override
  public Optional<IssueResult.Issued> current(CVLAN cvlan, CertificateRequest request) {
    Secret secret = client.secrets().inNamespace(request.namespace()).withName(request.secretName()).get();
    return Secrets.text(secret, Secrets.TLS_CRT)
        .flatMap(certificatePem -> current(cvlan, request, certificatePem, Secrets.text(secret, Secrets.TLS_KEY)));
  }

  /**
   * {@code certificatePem} as an issued certificate, if it is for the request's identity, from this CVLAN's CA
   * and not yet due for renewal: for certificates kept elsewhere than a Secret (the Node the registration
   * request created).
   */
  public Optional<IssueResult.Issued> current(CVLAN cvlan, CertificateRequest request, String certificatePem,
      Optional<String> privateKeyPem) {
    Optional<X509CertificateHolder> parsed = Pem.parseCertificate(certificatePem);
    if (parsed.isEmpty()) {
      return Optional.empty();
    }
    X509CertificateHolder certificate = parsed.get();
    Optional<CertificateAuthority> ca = existingAuthority(cvlan);
    // The cheap checks first, every time; the CA's signature is verified once per certificate (the CA remembers).
    if (ca.isEmpty() || !CertificateIdentity.of(certificate).names(request.commonName(), request.uriSan())
        || Renewal.due(certificate, clock.instant()) || !ca.get().signed(certificate)) {
      return Optional.empty();
    }
    if (!keyMatches(request, certificate, privateKeyPem)) {
      return Optional.empty();
    }
    return Optional.of(new IssueResult.Issued(request.secretName(), CertificateAuthority.notBefore(certificate),
        CertificateAuthority.notAfter(certificate), certificatePem, privateKeyPem, ca.get().certificatePem()));
  }

  /**
   * A certificate is only worth handing back if the caller can use it: for a CSR, it must certify the CSR's
   * key (and no stored key is returned); without one, the Secret must hold the key.
   */
  private static boolean keyMatches(CertificateRequest request, X509CertificateHolder certificate,
      Optional<String> privateKeyPem) {
    if (request.csr().isEmpty()) {
      return privateKeyPem.isPresent();
    }
    // The key the CSR claims is enough, its signature unchecked: the certificate is this CA's (checked before),
    // and this CA certifies a CSR's key only once the CSR verified. Re-verifying would cost an ECDSA verify a
    // reconcile for nothing; a forged CSR naming that key gets nothing it could use without the private key.
    return privateKeyPem.isEmpty()
        && request.csr().get().claimedKey().filter(certificate.getSubjectPublicKeyInfo()::equals).isPresent();
  }

  @Override
  public void revoke(String namespace, String secretName) {
    client.secrets().inNamespace(namespace).withName(secretName).delete();
    LOG.info("namespace={} secret={} certificate revoked", namespace, secretName);
  }

  /** Deletes the CVLAN's CA (both Secrets) and forgets it: a CVLAN re-created under the name gets a new one. */
  public void forget(CVLAN cvlan) {
    authorities.remove(cacheKey(cvlan));
    String cvlanName = cvlan.getMetadata().getName();
    secrets(cvlan).withName(caKeySecretName(cvlanName)).delete();
    secrets(cvlan).withName(caSecretName(cvlanName)).delete();
    LOG.info("namespace={} cvlan={} built-in CA deleted", cvlan.getMetadata().getNamespace(), cvlanName);
  }

  /** The CVLAN's CA: from memory, else from its Secret, else created (race-safely: the first create wins). */
  public CertificateAuthority authority(CVLAN cvlan) {
    String key = cacheKey(cvlan);
    CertificateAuthority cached = authorities.get(key);
    if (cached != null) {
      return cached;
    }
    CertificateAuthority loaded = load(cvlan).orElseGet(() -> create(cvlan));
    ensureCertificateSecret(cvlan, loaded);
    CertificateAuthority winner = authorities.putIfAbsent(key, loaded);
    return winner != null ? winner : loaded;
  }

  /** Like {@link #authority} but never creates one: looking at a certificate must not mint a CA. */
  private Optional<CertificateAuthority> existingAuthority(CVLAN cvlan) {
    CertificateAuthority cached = authorities.get(cacheKey(cvlan));
    if (cached != null) {
      return Optional.of(cached);
    }
    return load(cvlan).map(loaded -> {
      CertificateAuthority winner = authorities.putIfAbsent(cacheKey(cvlan), loaded);
      return winner != null ? winner : loaded;
    });
  }

  private Optional<CertificateAuthority> load(CVLAN cvlan) {
    Secret secret = secrets(cvlan).withName(caKeySecretName(cvlan.getMetadata().getName())).get();
    return secret == null ? Optional.empty() : Optional.of(fromSecret(secret));
  }

  private CertificateAuthority create(CVLAN cvlan) {
    String namespace = cvlan.getMetadata().getNamespace();
    String name = cvlan.getMetadata().getName();
    CertificateAuthority generated = CertificateAuthority.generate(caCommonName(namespace, name), clock.instant(),
        CertificateAuthority.DEFAULT_CA_VALIDITY, CaAlgorithm.ECDSA_P256, random);
    Secret secret = Secrets.secret(namespace, caKeySecretName(name), name, cvlan, Secrets.TLS_TYPE, Map.of(
        Secrets.TLS_CRT, Secrets.encode(generated.certificatePem()),
        Secrets.TLS_KEY, Secrets.encode(generated.privateKeyPem())));
    try {
      secrets(cvlan).resource(secret).create();
      LOG.info("namespace={} cvlan={} notAfter={} ca created", namespace, name,
          generated.certificate().getNotAfter().toInstant());
      return generated;
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      // Another replica (or an earlier life of this one) created it first: use theirs.
      LOG.info("namespace={} cvlan={} ca created concurrently, using the existing one", namespace, name);
      return load(cvlan).orElseThrow(() -> new IllegalStateException(
          "CA Secret " + namespace + "/" + caKeySecretName(name) + " conflicted on create but cannot be read"));
    }
  }

  /** Writes (or repairs) the readable copy of the CA certificate. */
  private void ensureCertificateSecret(CVLAN cvlan, CertificateAuthority ca) {
    String name = cvlan.getMetadata().getName();
    Secret desired = Secrets.secret(cvlan.getMetadata().getNamespace(), caSecretName(name), name, cvlan, "Opaque",
        Map.of(Secrets.CA_CRT, Secrets.encode(ca.certificatePem())));
    Secret existing = secrets(cvlan).withName(caSecretName(name)).get();
    if (existing != null && Secrets.text(existing, Secrets.CA_CRT).filter(ca.certificatePem()::equals).isPresent()) {
      return;
    }
    secrets(cvlan).resource(desired).createOr(NonDeletingOperation::update);
  }

  private CertificateAuthority fromSecret(Secret secret) {
    String certificate = Secrets.text(secret, Secrets.TLS_CRT).orElseThrow(() -> new IllegalStateException(
        "CA Secret " + secret.getMetadata().getName() + " has no " + Secrets.TLS_CRT));
    String key = Secrets.text(secret, Secrets.TLS_KEY).orElseThrow(() -> new IllegalStateException(
        "CA Secret " + secret.getMetadata().getName() + " has no " + Secrets.TLS_KEY));
    return CertificateAuthority.fromPem(certificate, key, random);
  }

  private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<Secret, io.fabric8.kubernetes.api.model.SecretList,
      io.fabric8.kubernetes.client.dsl.Resource<Secret>> secrets(CVLAN cvlan) {
    return client.secrets().inNamespace(cvlan.getMetadata().getNamespace());
  }

  private static String cacheKey(CVLAN cvlan) {
    String uid = cvlan.getMetadata().getUid();
    return cvlan.getMetadata().getNamespace() + "/" + (uid != null ? uid : cvlan.getMetadata().getName());
  }
}
