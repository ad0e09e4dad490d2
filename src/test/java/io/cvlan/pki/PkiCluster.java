package io.cvlan.pki;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.CVLANSpec;
import io.cvlan.api.v1alpha1.CertificatesSpec;
import io.cvlan.api.v1alpha1.IssuerKind;
import io.cvlan.api.v1alpha1.IssuerRef;
import io.cvlan.embedded.EmbeddedApiServer;
import io.cvlan.testing.TestClock;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The embedded API server (no operator), a namespace per test, a movable clock and CVLANs to issue for. */
final class PkiCluster implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  private final TestClock clock = new TestClock();
  private EmbeddedApiServer api;
  private String namespace;

  @Override
  public void beforeAll(ExtensionContext context) {
    api = EmbeddedApiServer.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (api != null) {
      api.close();
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    namespace = "pki" + NAMESPACES.incrementAndGet();
    clock.reset();
  }

  KubernetesClient client() {
    return api.client();
  }

  TestClock clock() {
    return clock;
  }

  String namespace() {
    return namespace;
  }

  CVLAN cvlan(String name) {
    return cvlan(name, Optional.empty());
  }

  CVLAN cvlan(String name, Optional<IssuerRef> issuer) {
    CVLAN cvlan = new CVLAN();
    cvlan.getMetadata().setName(name);
    cvlan.getMetadata().setNamespace(namespace);
    cvlan.setSpec(new CVLANSpec());
    cvlan.getSpec().setCidr("10.100.0.0/16");
    CertificatesSpec certificates = new CertificatesSpec();
    issuer.ifPresent(certificates::setIssuerRef);
    cvlan.getSpec().setCertificates(certificates);
    return client().resource(cvlan).create();
  }

  static IssuerRef issuer(IssuerKind kind, String name) {
    IssuerRef ref = new IssuerRef();
    ref.setKind(kind);
    ref.setName(name);
    return ref;
  }

  /** Stands in for the Node a certificate belongs to: all the issuer needs of it is an owner reference. */
  HasMetadata owner(String name) {
    ConfigMap existing = client().configMaps().inNamespace(namespace).withName(name).get();
    if (existing != null) {
      return existing;
    }
    ConfigMap node = new ConfigMapBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata().build();
    return client().resource(node).create();
  }

  CertificateRequest request(String node, Duration validity) {
    return new CertificateRequest(namespace, node + "-tls", "node-" + node, "node:" + node, validity,
        Optional.empty(), owner(node));
  }

  Secret secret(String name) {
    return client().secrets().inNamespace(namespace).withName(name).get();
  }
}
