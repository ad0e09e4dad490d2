package io.cvlan.bench;

import io.cvlan.model.Provisioning;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the end-to-end benchmarks run against, in this JVM: the embedded API server and one or more
 * replicas — each a registration API on a loopback port (built-in CA) and an operator, with a client of
 * its own and no leader election, as two active processes would be — plus a CVLAN with a signed token.
 */
final class BenchStack implements AutoCloseable {
  static final String NAMESPACE = "bench";
  static final java.time.Duration SEEN_FLUSH = java.time.Duration.ofMinutes(1);

  private record Replica(KubernetesClient client, Provisioning provisioning, RegistrationApi api, CvlanOperator operator) {}

  private final EmbeddedApiServer server;
  private final List<Replica> replicas;
  private final String caPem;
  /** The operator in a JVM of its own, when it runs apart ({@link #startApart}); then there is no replica here. */
  private final java.util.Optional<ChildOperator> child;

  private BenchStack(EmbeddedApiServer server, List<Replica> replicas, String caPem, java.util.Optional<ChildOperator> child) {
    this.server = server;
    this.replicas = replicas;
    this.caPem = caPem;
    this.child = child;
  }

  /**
   * The embedded API server here and {@code cvlan operator} in its own JVM with {@code jvmFlags}: the
   * operator's CPU is then measurable apart ({@link #operatorCpuMillis}).
   */
  static BenchStack startApart(java.nio.file.Path work, List<String> jvmFlags) throws Exception {
    EmbeddedApiServer server = EmbeddedApiServer.start();
    try {
      ChildOperator child = ChildOperator.start(server, work, jvmFlags, NAMESPACE);
      return new BenchStack(server, List.of(), child.awaitServing(server), java.util.Optional.of(child));
    } catch (Exception e) {
      server.close();
      throw e;
    }
  }

  /** CPU time the operator's own JVM has used so far; empty when it runs in this JVM. */
  java.util.OptionalLong operatorCpuMillis() throws java.io.IOException {
    return child.isPresent() ? java.util.OptionalLong.of(child.get().cpuMillis()) : java.util.OptionalLong.empty();
  }

  static BenchStack start() {
    return start(1);
  }

  static BenchStack start(int count) {
    Clock clock = Clock.systemUTC();
    EmbeddedApiServer server = EmbeddedApiServer.start();
    ServerTls tls = ServingCertificates.builtIn(server.client(), "cvlan-system", List.of("localhost", "127.0.0.1"), clock);
    List<Replica> replicas = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      KubernetesClient client = i == 0 ? server.client() : server.newClient();
      Provisioning provisioning = Provisioning.start(client, clock);
      // The watchers' signs of life (a lastSeen write per watcher per flush) are the cost of polling, not of
      // registering: flushed once a minute here so that the registration figures count registrations.
      RegistrationApi api = RegistrationApi.start(client, new RegistrationApi.Settings("127.0.0.1", 0, tls, "https://localhost", clock,
          SEEN_FLUSH), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), provisioning);
      // Every replica tells agents the same URL, as replicas behind one Service do: the first replica's.
      String url = "https://localhost:" + (replicas.isEmpty() ? api.port() : replicas.get(0).api().port());
      CvlanOperator operator = CvlanOperator.start(client, OperatorSettings.defaults(clock, new RegistrationApiRef(url, tls.caPem())),
          new SimpleMeterRegistry(), provisioning);
      replicas.add(new Replica(client, provisioning, api, operator));
    }
    return new BenchStack(server, List.copyOf(replicas), tls.caPem(), java.util.Optional.empty());
  }

  /** The first replica's registration API. */
  String url() {
    return url(0);
  }

  /** Replica {@code i}'s registration API (taken modulo the replica count, so callers can spread by index). */
  String url(int i) {
    if (child.isPresent()) {
      return child.get().url();
    }
    return "https://localhost:" + replicas.get(Math.floorMod(i, replicas.size())).api().port();
  }

  int replicas() {
    return child.isPresent() ? 1 : replicas.size();
  }

  EmbeddedApiServer server() {
    return server;
  }

  String caPem() {
    return caPem;
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
  public void close() throws InterruptedException {
    if (child.isPresent()) {
      child.get().close();
    }
    for (Replica replica : replicas) {
      replica.operator().close();
      replica.api().close();
      replica.provisioning().close();
      if (replica.client() != server.client()) {
        replica.client().close();
      }
    }
    server.close();
  }
}
