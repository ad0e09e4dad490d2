package io.cvlan.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The vrouter benchmark runs end to end and reports its figures; speed is the command's to tell, not a test's. */
class VRouterBenchSmokeTest {
  @Test
  void shortRunReportsConvergence() throws Exception {
    ByteArrayOutputStream progress = new ByteArrayOutputStream();

    Map<String, String> figures = VRouterBench.run(new PrintStream(progress, true, StandardCharsets.UTF_8), 2);

    assertThat(figures.keySet()).containsExactly("vrouter_convergence_ms", "vrouter_convergence_max_ms", "samples");
    assertThat(figures.get("vrouter_convergence_ms")).matches("\\d+");
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("vrouter convergence");
  }
}
