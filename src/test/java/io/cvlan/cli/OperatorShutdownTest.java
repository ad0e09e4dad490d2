package io.cvlan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.embedded.EmbeddedApiServer;
import io.cvlan.operator.OperatorSettings;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 12, item 6c: `cvlan operator --leader-election` ends as a process should. SIGTERM drains and exits 0
 * within seconds, handing the Lease on; losing the Lease stops it with status 1 — and never by System.exit
 * from JOSDK's leader elector, which hung the shutdown (31 s, exit 143) and would end this test's JVM.
 */
class OperatorShutdownTest {
  private static final String SYSTEM = "cvlan-system";

  @TempDir
  Path dir;
  private EmbeddedApiServer cluster;

  @BeforeEach
  void startCluster() {
    cluster = EmbeddedApiServer.start();
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  private Optional<String> holder() {
    Lease lease = cluster.client().leases().inNamespace(SYSTEM).withName(OperatorSettings.LEASE_NAME).get();
    return Optional.ofNullable(lease).map(l -> l.getSpec().getHolderIdentity());
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private List<String> operatorArguments() throws Exception {
    return List.of("operator", "--leader-election", "--lease-namespace", SYSTEM, "--operator-namespace", SYSTEM,
        "--registration-host", "127.0.0.1", "--registration-port", String.valueOf(freePort()), "--metrics-port", "0");
  }

  @Test
  void sigtermDrainsHandsTheLeaseOnAndExitsZero() throws Exception {
    Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), cluster.kubeconfig());
    Path log = dir.resolve("operator.log");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(operatorArguments());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    Process operator = builder.start();
    try {
      Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> holder().isPresent() || !operator.isAlive());
      assertThat(holder()).as(Files.readString(log)).isPresent();

      Instant signalled = Instant.now();
      operator.destroy(); // SIGTERM
      boolean exited = operator.waitFor(60, TimeUnit.SECONDS);

      System.out.println("operator exited " + Duration.between(signalled, Instant.now()).toMillis() + " ms after SIGTERM");
      assertThat(exited).as(Files.readString(log)).isTrue();
      assertThat(operator.exitValue()).as(Files.readString(log)).isZero();
      assertThat(holder()).as("the Lease is handed on").isEmpty();
      assertThat(Files.readString(log)).contains("operator stopping reason=SIGTERM").doesNotContain("Exiting.");
    } finally {
      operator.destroyForcibly();
    }
  }

  @Test
  void lostLeadershipStopsTheOperatorWithStatusOneAndNoSystemExit() throws Exception {
    OperatorCommand command = new OperatorCommand();
    command.cluster = () -> Config.fromKubeconfig(cluster.kubeconfig());
    command.stopRequests = CompletableFuture::new;
    StringWriter err = new StringWriter();
    List<String> arguments = operatorArguments();
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new CommandLine(command)
        .setErr(new PrintWriter(err, true)).execute(arguments.subList(1, arguments.size()).toArray(String[]::new)));
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> holder().isPresent() || exit.isDone());
    assertThat(exit).isNotDone();

    // Another replica took the Lease (e.g. this one was paused past its renew deadline). Like any writer of a
    // Lease it reads again when the holder's renewal got in first (409).
    Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptionsInstanceOf(KubernetesClientException.class).until(() ->
        cluster.client().leases().inNamespace(SYSTEM).withName(OperatorSettings.LEASE_NAME).edit(lease -> {
          lease.getSpec().setHolderIdentity("another-replica");
          lease.getSpec().setLeaseDurationSeconds(60);
          lease.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
          return lease;
        }) != null);

    assertThat(exit.get(60, TimeUnit.SECONDS)).as(err.toString()).isEqualTo(1);
    assertThat(holder()).as("a Lease another replica holds is left alone").contains("another-replica");
  }
}
