package io.cvlan.bench;

import io.cvlan.embedded.EmbeddedApiServer;
import io.cvlan.pki.Secrets;
import io.cvlan.registration.tls.ServingCertificates;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code cvlan operator} (the operator and its registration API) in a JVM of its own against the embedded
 * API server, as it runs in a cluster: what it costs is then its own, measured from {@code /proc} — apart
 * from the API server and from the clients that load it.
 */
final class ChildOperator implements AutoCloseable {
  static final String OPERATOR_NAMESPACE = "cvlan-system";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  /** Linux reports process CPU time in clock ticks; 100 a second on every platform the JDK runs on here. */
  private static final long TICKS_PER_SECOND = 100;

  private final Process process;
  private final int port;
  private final Path log;

  private ChildOperator(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts the operator with {@code jvmFlags} (the chart's, say); {@link #awaitServing} waits for its API. */
  static ChildOperator start(EmbeddedApiServer server, Path work, List<String> jvmFlags, String defaultNamespace) throws IOException {
    Path kubeconfig = work.resolve("kubeconfig");
    Files.writeString(kubeconfig, kubeconfig(server.url(), defaultNamespace));
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags);
    command.addAll(launcher());
    command.addAll(List.of("operator", "--registration-port", String.valueOf(port),
        "--registration-url", "https://localhost:" + port, "--metrics-port", "0", "--operator-namespace", OPERATOR_NAMESPACE));
    Path log = work.resolve("operator.log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    return new ChildOperator(builder.start(), port, log);
  }

  /** The chart's flags with the given heap: what the Deployment runs. */
  static List<String> chartFlags(String heap) {
    return AgentMemoryBench.CONTAINER_FLAGS.stream().map(f -> f.startsWith("-Xmx") ? "-Xmx" + heap : f).toList();
  }

  /** Waits until the registration API answers /readyz; returns the CA its clients pin. */
  String awaitServing(EmbeddedApiServer server) throws InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the operator exited with " + process.exitValue() + "; see " + log);
      }
      Secret ca = server.client().secrets().inNamespace(OPERATOR_NAMESPACE).withName(ServingCertificates.CA_SECRET).get();
      if (ca != null && ready(Secrets.text(ca, "ca.crt").orElseThrow())) {
        return Secrets.text(ca, "ca.crt").orElseThrow();
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the operator did not serve within " + START_TIMEOUT + "; see " + log);
  }

  private boolean ready(String caPem) {
    try {
      HttpClient http = HttpClient.newBuilder()
          .sslContext(io.cvlan.registration.client.RegistrationHttpClient.sslContext(caPem, null, null)).build();
      return http.send(HttpRequest.newBuilder(URI.create(url() + "/readyz")).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  String url() {
    return "https://localhost:" + port;
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  Path log() {
    return log;
  }

  /** CPU time (user and system) the operator's JVM has used so far. */
  long cpuMillis() throws IOException {
    return cpuMillis(Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat")));
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  /** This very code: the packaged jar, or (from a test run) the classes and the classpath they came with. */
  private static List<String> launcher() {
    String self = AgentMemoryBench.jar();
    if (Files.isRegularFile(Path.of(self))) {
      return List.of("-jar", self);
    }
    // By name: the bench is one of the command line's subcommands, and must not depend on it in turn.
    return List.of("-cp", System.getProperty("java.class.path"), "io.cvlan.cli.Main");
  }

  /** CPU milliseconds (user and system) in a {@code /proc/<pid>/stat} line. */
  static long cpuMillis(String stat) {
    // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are 14th and 15th.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    return ticks * 1000 / TICKS_PER_SECOND;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String kubeconfig(String url, String namespace) {
    return String.join("\n", "apiVersion: v1", "kind: Config", "clusters:", "- name: embedded", "  cluster:",
        "    server: " + url, "contexts:", "- name: embedded", "  context:", "    cluster: embedded", "    namespace: " + namespace,
        "current-context: embedded", "users: []", "");
  }
}
