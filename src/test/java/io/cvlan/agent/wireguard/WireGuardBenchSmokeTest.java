package io.cvlan.agent.wireguard;

import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.bench.WireGuardBench;
import io.cvlan.testing.NetnsFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark runs end to end on a small device and cleans up; the numbers are not judged here. */
class WireGuardBenchSmokeTest {

  @Test
  void shortRunReportsEveryFigureAndLeavesNoNamespace() throws Exception {
    NetnsFixture.assumeAvailable();
    ByteArrayOutputStream progress = new ByteArrayOutputStream();

    Map<String, String> figures = WireGuardBench.run(new PrintStream(progress, true, StandardCharsets.UTF_8), 20, 1);

    assertThat(figures).containsOnlyKeys("uapi_20_ms", "uapi_diff10_ms", "wg_20_ms", "wg_diff10_ms", "rss_mb");
    assertThat(figures.get("uapi_diff10_ms")).matches("\\d+\\.\\d");
    String netns = progress.toString(StandardCharsets.UTF_8).replaceAll("(?s).*netns=(\\S+).*", "$1");
    assertThat(HostCommands.run(List.of("ip", "netns", "list"))).doesNotContain(netns);
  }
}
