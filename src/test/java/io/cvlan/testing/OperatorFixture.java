package io.cvlan.testing;

import static org.awaitility.Awaitility.await;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.CVLANSpec;
import io.cvlan.api.v1alpha1.NodeSpec;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.api.v1alpha1.VRouter;
import io.cvlan.api.v1alpha1.VRouterSpec;
import io.cvlan.api.v1alpha1.RegistrationToken;
import io.cvlan.api.v1alpha1.RegistrationTokenSpec;
import io.cvlan.embedded.EmbeddedApiServer;
import io.cvlan.operator.CvlanOperator;
import io.cvlan.operator.OperatorSettings;
import io.cvlan.operator.token.RegistrationApiRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The embedded API server with the CRDs and the real operator running against it, once per test class;
 * every test gets a namespace of its own.
 */
public final class OperatorFixture implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
  public static final String SERVER_URL = "https://registration.test:8443";
  public static final String CA_PEM = "-----BEGIN CERTIFICATE-----\nMIIBtest\n-----END CERTIFICATE-----\n";
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  private final TestClock clock = new TestClock();
  private final Duration signingKeyMaxAge;
  private final MeterRegistry metrics;
  private EmbeddedApiServer api;
  private CvlanOperator operator;
  private String namespace;

  public OperatorFixture() {
    this(Duration.ofDays(90));
  }

  public OperatorFixture(Duration signingKeyMaxAge) {
    this(signingKeyMaxAge, new SimpleMeterRegistry());
  }

  /** The operator reports its metrics to {@code metrics}, for tests that scrape them. */
  public OperatorFixture(MeterRegistry metrics) {
    this(Duration.ofDays(90), metrics);
  }

  private OperatorFixture(Duration signingKeyMaxAge, MeterRegistry metrics) {
    this.signingKeyMaxAge = signingKeyMaxAge;
    this.metrics = metrics;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    api = EmbeddedApiServer.start();
    operator = CvlanOperator.start(api.client(), settings(), metrics);
  }

  public OperatorSettings settings() {
    return new OperatorSettings(clock, new RegistrationApiRef(SERVER_URL, CA_PEM), Set.of(), Optional.empty(), signingKeyMaxAge);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    namespace = "t" + NAMESPACES.incrementAndGet();
    clock.reset();
  }

  /** A new operator process against the same API server: what it finds must be enough to carry on. */
  public void restartOperator() {
    operator.close();
    operator = CvlanOperator.start(api.client(), settings(), metrics);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (operator != null) {
      operator.close();
    }
    if (api != null) {
      api.close();
    }
  }

  public KubernetesClient client() {
    return api.client();
  }

  public EmbeddedApiServer api() {
    return api;
  }

  public TestClock clock() {
    return clock;
  }

  public String namespace() {
    return namespace;
  }

  public CVLAN createCvlan(String name, String cidr) {
    return createCvlan(name, spec -> spec.setCidr(cidr));
  }

  public CVLAN createCvlan(String name, Consumer<CVLANSpec> spec) {
    CVLAN cvlan = new CVLAN();
    cvlan.getMetadata().setName(name);
    cvlan.getMetadata().setNamespace(namespace);
    cvlan.setSpec(new CVLANSpec());
    spec.accept(cvlan.getSpec());
    return client().resource(cvlan).create();
  }

  /** Points the CVLAN's certificates at a cert-manager ClusterIssuer. */
  public static void useClusterIssuer(CVLANSpec spec, String issuerName) {
    io.cvlan.api.v1alpha1.IssuerRef issuer = new io.cvlan.api.v1alpha1.IssuerRef();
    issuer.setName(issuerName);
    issuer.setKind(io.cvlan.api.v1alpha1.IssuerKind.ClusterIssuer);
    io.cvlan.api.v1alpha1.CertificatesSpec certificates = new io.cvlan.api.v1alpha1.CertificatesSpec();
    certificates.setIssuerRef(issuer);
    spec.setCertificates(certificates);
  }

  public RegistrationToken createToken(String name, String cvlan) {
    return createToken(name, spec -> spec.setCvlan(cvlan));
  }

  public RegistrationToken createToken(String name, Consumer<RegistrationTokenSpec> spec) {
    RegistrationToken token = new RegistrationToken();
    token.getMetadata().setName(name);
    token.getMetadata().setNamespace(namespace);
    token.setSpec(new RegistrationTokenSpec());
    spec.accept(token.getSpec());
    return client().resource(token).create();
  }

  /** A Node as the registration API writes it: a fresh WireGuard public key, hostname = name. */
  public OverlayNode createNode(String name, String cvlan) {
    return createNode(name, cvlan, node -> {});
  }

  public OverlayNode createNode(String name, String cvlan, Consumer<OverlayNode> customise) {
    OverlayNode node = new OverlayNode();
    node.getMetadata().setName(name);
    node.getMetadata().setNamespace(namespace);
    node.setSpec(new NodeSpec());
    node.getSpec().setCvlan(cvlan);
    node.getSpec().setHostname(name);
    node.getSpec().setPublicKey(randomWireGuardKey());
    customise.accept(node);
    return client().resource(node).create();
  }

  public VRouter createVRouter(String name, Consumer<VRouterSpec> spec) {
    VRouter vrouter = new VRouter();
    vrouter.getMetadata().setName(name);
    vrouter.getMetadata().setNamespace(namespace);
    vrouter.setSpec(new VRouterSpec());
    vrouter.getSpec().setRegion("eu-west");
    spec.accept(vrouter.getSpec());
    return client().resource(vrouter).create();
  }

  /** Verifies a token against the tenant's signing keys as the registration API will. */
  public io.cvlan.token.TokenClaims verifyToken(String token) throws io.cvlan.token.InvalidTokenException {
    io.cvlan.token.KeyRing ring = new io.cvlan.token.store.SigningKeyStore(client(), clock, new java.security.SecureRandom(),
        signingKeyMaxAge).ring(namespace).orElseThrow();
    return new io.cvlan.token.TokenVerifier((tenant, kid) -> ring.publicKey(kid), clock).verify(token);
  }

  public static String randomWireGuardKey() {
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    return java.util.Base64.getEncoder().encodeToString(key);
  }

  public <T extends HasMetadata> T get(Class<T> type, String name) {
    return client().resources(type).inNamespace(namespace).withName(name).get();
  }

  /** Waits (bounded) until the named resource satisfies the predicate, and returns it. */
  public <T extends HasMetadata> T awaitUntil(Class<T> type, String name, Predicate<T> condition) {
    try {
      return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
          .until(() -> get(type, name), r -> r != null && condition.test(r));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      T last = get(type, name);
      throw new AssertionError(type.getSimpleName() + " " + namespace + "/" + name + " never reached the expected state; last seen:\n"
          + (last == null ? "<absent>" : io.fabric8.kubernetes.client.utils.Serialization.asYaml(last)), e);
    }
  }

  /**
   * Re-queues whatever refers to the CVLAN (tokens, Nodes, VRouters): a new generation of it, changing only its
   * keepalive. For a test that moved the clock past a timer the operator set in real time; a change of the
   * CVLAN's labels or counts re-queues nothing that refers to it.
   */
  public void requeueReferrersOf(String cvlan) {
    client().resources(io.cvlan.api.v1alpha1.CVLAN.class).inNamespace(namespace).withName(cvlan)
        .edit(c -> {
          c.getSpec().setPersistentKeepalive(c.getSpec().getPersistentKeepalive() == null ? 24 : c.getSpec().getPersistentKeepalive() + 1);
          return c;
        });
  }

  /**
   * Edits the spec (a new generation) and waits until the operator has reconciled that generation. The edit is
   * a read-modify-write guarded by the resourceVersion: a reconcile writing status in between makes it 409, and
   * it is read and applied again, as any client would.
   */
  public <T extends HasMetadata> T editSpecAndAwaitObserved(Class<T> type, String name, java.util.function.UnaryOperator<T> edit,
      java.util.function.Function<T, Long> observedGeneration) {
    T edited = null;
    for (int attempt = 1; edited == null; attempt++) {
      try {
        edited = client().resources(type).inNamespace(namespace).withName(name).edit(edit);
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != java.net.HttpURLConnection.HTTP_CONFLICT || attempt == 5) {
          throw e;
        }
      }
    }
    long generation = edited.getMetadata().getGeneration();
    return awaitUntil(type, name, r -> observedGeneration.apply(r) != null && observedGeneration.apply(r) >= generation);
  }
}
