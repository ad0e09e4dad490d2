package io.cvlan.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The README's first command, end to end: every resource settles and agents register over HTTPS. */
class DemoTest {
  @Test
  void demoOnTheEmbeddedApiServerReachesEveryExpectedState() throws Exception {
    ByteArrayOutputStream output = new ByteArrayOutputStream();

    boolean ok = new Demo(new PrintStream(output, true, StandardCharsets.UTF_8), "cvlan-demo", Duration.ofSeconds(60), 3).run(null);

    String printed = output.toString(StandardCharsets.UTF_8);
    assertThat(ok).as(printed).isTrue();
    assertThat(printed).contains("registered over HTTPS with token blue-fleet")
        .contains("every agent has programmed the other 2 into its WireGuard")
        .contains("$ kubectl get nodes.cvlan.io -n cvlan-demo")
        .doesNotContain("TIMEOUT");
  }

  @Test
  void realWireGuardDemoPingsAcrossTheOverlay() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(RealNetwork.available(), "skipped: needs root, wireguard-go, ip and ping");
    ByteArrayOutputStream output = new ByteArrayOutputStream();

    boolean ok = new Demo(new PrintStream(output, true, StandardCharsets.UTF_8), "cvlan-demo", Duration.ofSeconds(60), 2, true).run(null);

    String printed = output.toString(StandardCharsets.UTF_8);
    assertThat(ok).as(printed).isTrue();
    assertThat(printed).contains("wireguard-go").containsPattern("ping 10\\.100\\.0\\.\\d+ from laptop-ada across the overlay: 1 received");
  }
}
