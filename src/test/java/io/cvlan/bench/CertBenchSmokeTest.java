package io.cvlan.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark runs end to end and reports every figure; the numbers are not judged here. */
class CertBenchSmokeTest {

  @Test
  void shortRunReportsEveryFigureInOrder() {
    ByteArrayOutputStream progress = new ByteArrayOutputStream();

    Map<String, String> figures = CertBench.run(new PrintStream(progress, true, StandardCharsets.UTF_8),
        Duration.ofMillis(40));

    assertThat(figures.keySet()).containsExactly("certs_per_s", "csr_certs_per_s", "certs_keygen_per_s",
        "ed25519_certs_per_s", "ca_algorithm", "ecdsa_over_ed25519");
    assertThat(figures.get("certs_per_s")).matches("\\d+");
    assertThat(figures.get("ca_algorithm")).isEqualTo("ecdsa_p256");
    assertThat(figures.get("ecdsa_over_ed25519")).matches("\\d+\\.\\d{2}");
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("warming up");
  }
}
