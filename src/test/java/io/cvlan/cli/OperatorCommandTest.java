package io.cvlan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.embedded.EmbeddedApiServer;
import io.fabric8.kubernetes.client.Config;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Issue 12, item 9: a second operator on a port that is taken says so in one line and exits non-zero before it
 * has started anything — no serving certificate, no informers, not one request to the API server.
 */
class OperatorCommandTest {
  private EmbeddedApiServer cluster;
  private ServerSocket taken;
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void startClusterAndTakeAPort() throws Exception {
    cluster = EmbeddedApiServer.start();
    taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
  }

  @AfterEach
  void release() throws Exception {
    taken.close();
    cluster.close();
  }

  private int operator(String... args) {
    OperatorCommand command = new OperatorCommand();
    command.cluster = () -> Config.fromKubeconfig(cluster.kubeconfig());
    command.stopRequests = CompletableFuture::new;
    return new CommandLine(command).setErr(new PrintWriter(err, true)).execute(args);
  }

  @Test
  void takenRegistrationPortFailsInOneLineBeforeAnythingStarts() {
    long requestsBefore = cluster.requests();

    int exit = operator("--registration-host", "127.0.0.1", "--registration-port", String.valueOf(taken.getLocalPort()),
        "--metrics-port", "0");

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("registration port " + taken.getLocalPort() + " already in use" + System.lineSeparator());
    assertThat(cluster.requests()).isEqualTo(requestsBefore);
  }

  @Test
  void takenMetricsPortFailsTheSameWay() {
    long requestsBefore = cluster.requests();

    int exit = operator("--registration-port", "0", "--metrics-port", String.valueOf(taken.getLocalPort()));

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("metrics port " + taken.getLocalPort() + " already in use" + System.lineSeparator());
    assertThat(cluster.requests()).isEqualTo(requestsBefore);
  }
}
