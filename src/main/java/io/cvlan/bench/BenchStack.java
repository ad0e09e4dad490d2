package io.cvlan.bench;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.CVLANSpec;
import io.cvlan.api.v1alpha1.RegistrationToken;
import io.cvlan.api.v1alpha1.RegistrationTokenSpec;
import io.cvlan.embedded.EmbeddedApiServer;
import io.cvlan.operator.CvlanOperator;
import io.cvlan.operator.OperatorSettings;
import io.cvlan.operator.token.RegistrationApiRef;
import io.cvlan.operator.token.TokenSecrets;
import io.cvlan.registration.RegistrationApi;
import io.cvlan.registration.http.ServerTls;
import io.cvlan.registration.tls.ServingCertificates;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the end-to-end benchmarks run against, in this JVM: the embedded API server, the registration API
 * on a loopback port (built-in CA) and the operator, plus a CVLAN with a signed token.
 */
final class BenchStack implements AutoCloseable {
  static final String NAMESPACE = "bench";

  private final EmbeddedApiServer server;
  private final RegistrationApi api;
  private final CvlanOperator operator;
  private final ServerTls tls;

  private BenchStack(EmbeddedApiServer server, RegistrationApi api, CvlanOperator operator, ServerTls tls) {
    this.server = server;
    this.api = api;
    this.operator = operator;
    this.tls = tls;
  }

  static BenchStack start() {
    Clock clock = Clock.systemUTC();
    EmbeddedApiServer server = EmbeddedApiServer.start();
    KubernetesClient client = server.client();
    ServerTls tls = ServingCertificates.builtIn(client, "cvlan-system", List.of("localhost", "127.0.0.1"), clock);
    RegistrationApi api = RegistrationApi.start(client, new RegistrationApi.Settings("127.0.0.1", 0, tls, "https://localhost", clock),
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    CvlanOperator operator = CvlanOperator.start(client, OperatorSettings.defaults(clock,
        new RegistrationApiRef("https://localhost:" + api.port(), tls.caPem())));
    return new BenchStack(server, api, operator, tls);
  }

  String url() {
    return "https://localhost:" + api.port();
  }

  String caPem() {
    return tls.caPem();
  }

  /** A CVLAN {@code cvlan} over {@code cidr} and a reusable token for it; returns the token once signed. */
  String token(String cvlan, String cidr, String token) throws InterruptedException {
    KubernetesClient client = server.client();
    CVLAN network = new CVLAN();
    network.getMetadata().setName(cvlan);
    network.getMetadata().setNamespace(NAMESPACE);
    network.setSpec(new CVLANSpec());
    network.getSpec().setCidr(cidr);
    client.resource(network).create();
    RegistrationToken resource = new RegistrationToken();
    resource.getMetadata().setName(token);
    resource.getMetadata().setNamespace(NAMESPACE);
    resource.setSpec(new RegistrationTokenSpec());
    resource.getSpec().setCvlan(cvlan);
    resource.getSpec().setTtl("24h");
    client.resource(resource).create();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      Secret secret = client.secrets().inNamespace(NAMESPACE).withName(token + "-token").get();
      if (secret != null) {
        return TokenSecrets.tokenOf(secret).orElseThrow();
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the benchmark token was not signed within 30 s");
  }

  @Override
  public void close() {
    operator.close();
    api.close();
    server.close();
  }
}
