package io.cvlan.bench;

import io.cvlan.agent.wireguard.HostCommands;
import io.cvlan.agent.wireguard.WireGuardGo;
import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.CVLANSpec;
import io.cvlan.api.v1alpha1.RegistrationToken;
import io.cvlan.api.v1alpha1.RegistrationTokenSpec;
import io.cvlan.embedded.EmbeddedApiServer;
import io.cvlan.operator.CvlanOperator;
import io.cvlan.operator.OperatorSettings;
import io.cvlan.operator.token.RegistrationEndpoint;
import io.cvlan.operator.token.TokenSecrets;
import io.cvlan.registration.RegistrationApi;
import io.cvlan.registration.ServerTls;
import io.cvlan.registration.tls.ServingCertificates;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The agent's resident memory once registered and programming WireGuard, in its own JVM started with the
 * recommended container flags, against an operator and registration API running in this JVM.
 */
public final class AgentMemoryBench {
  /** The flags the container image uses (FIELD-NOTES: ≈ 84 MB for a JVM watching 1,000 peers). */
  public static final List<String> CONTAINER_FLAGS = List.of("-XX:+UseSerialGC", "-Xms8m", "-Xmx64m", "-Xss256k",
      "-XX:TieredStopAtLevel=1", "-XX:MaxMetaspaceSize=64m", "-XX:ReservedCodeCacheSize=32m");
  private static final String NAMESPACE = "bench";

  private AgentMemoryBench() {}

  public static String agentRssMegabytes(PrintStream out) throws Exception {
    Clock clock = Clock.systemUTC();
    Path work = Files.createTempDirectory("cvlan-agent-bench");
    String netns = "cvb-agent-" + ProcessHandle.current().pid();
    String iface = "wgba" + (ProcessHandle.current().pid() % 100000);
    Process agent = null;
    try (EmbeddedApiServer server = EmbeddedApiServer.start()) {
      KubernetesClient client = server.client();
      ServerTls tls = ServingCertificates.builtIn(client, "cvlan-system", List.of("localhost", "127.0.0.1"), clock);
      try (RegistrationApi api = RegistrationApi.start(client, new RegistrationApi.Settings("127.0.0.1", 0, tls, "https://localhost", clock),
          new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
          CvlanOperator operator = CvlanOperator.start(client, OperatorSettings.defaults(clock,
              new RegistrationEndpoint("https://localhost:" + api.port(), tls.caPem())))) {
        String token = token(client);
        Files.writeString(work.resolve("token"), token);
        Files.writeString(work.resolve("server"), "https://localhost:" + api.port());
        Files.writeString(work.resolve("ca.crt"), tls.caPem());
        HostCommands.run(List.of("ip", "netns", "add", netns));
        try (WireGuardGo device = WireGuardGo.start(iface, Optional.of(netns), Duration.ofSeconds(5))) {
          List<String> command = new ArrayList<>();
          command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
          command.addAll(CONTAINER_FLAGS);
          command.addAll(List.of("-jar", jar(), "agent", "--token-file", work.resolve("token").toString(),
              "--data-dir", work.resolve("data").toString(), "--interface", iface, "--netns", netns,
              "--hostname", "bench-agent", "--endpoint", "192.0.2.1"));
          agent = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(work.resolve("agent.log").toFile()).start();
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
          while (!Files.exists(work.resolve("data/identity.json")) && System.nanoTime() < deadline && agent.isAlive()) {
            Thread.sleep(100);
          }
          if (!Files.exists(work.resolve("data/identity.json"))) {
            throw new IllegalStateException("the agent did not register; see " + work.resolve("agent.log"));
          }
          Thread.sleep(3000);
          long kb = Files.readAllLines(Path.of("/proc", String.valueOf(agent.pid()), "status")).stream()
              .filter(l -> l.startsWith("VmRSS:")).map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElseThrow();
          out.printf("agent registered; its JVM (%s) resident: %d kB%n", String.join(" ", CONTAINER_FLAGS), kb);
          return String.valueOf(kb / 1024);
        }
      }
    } finally {
      if (agent != null) {
        agent.destroy();
        agent.waitFor(5, TimeUnit.SECONDS);
        agent.destroyForcibly();
      }
      try {
        HostCommands.run(List.of("ip", "netns", "del", netns));
      } catch (Exception e) {
        out.println("cleanup: " + e.getMessage());
      }
    }
  }

  private static String jar() {
    try {
      return Path.of(AgentMemoryBench.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (Exception e) {
      throw new IllegalStateException("run this from the packaged jar: " + e.getMessage(), e);
    }
  }

  private static String token(KubernetesClient client) throws InterruptedException {
    CVLAN cvlan = new CVLAN();
    cvlan.getMetadata().setName("bench");
    cvlan.getMetadata().setNamespace(NAMESPACE);
    cvlan.setSpec(new CVLANSpec());
    cvlan.getSpec().setCidr("10.201.0.0/24");
    client.resource(cvlan).create();
    RegistrationToken token = new RegistrationToken();
    token.getMetadata().setName("agent");
    token.getMetadata().setNamespace(NAMESPACE);
    token.setSpec(new RegistrationTokenSpec());
    token.getSpec().setCvlan("bench");
    client.resource(token).create();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      Secret secret = client.secrets().inNamespace(NAMESPACE).withName("agent-token").get();
      if (secret != null) {
        return TokenSecrets.tokenOf(secret).orElseThrow();
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the benchmark token was not signed within 30 s");
  }
}
