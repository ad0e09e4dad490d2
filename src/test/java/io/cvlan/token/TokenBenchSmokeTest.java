package io.cvlan.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.bench.TokenBench;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark runs end to end and reports every figure the CLI prints; the numbers are not judged here. */
class TokenBenchSmokeTest {

  @Test
  void shortRunReportsEveryFigureInOrder() {
    ByteArrayOutputStream progress = new ByteArrayOutputStream();

    Map<String, String> figures = TokenBench.run(new PrintStream(progress, true, StandardCharsets.UTF_8),
        Duration.ofMillis(40));

    assertThat(figures).containsOnlyKeys("sign_per_s", "verify_per_s", "verify_cold_per_s",
        "raw_ed25519_verify_per_s", "jdk_sign_per_s", "jdk_verify_per_s", "impl", "cold_over_raw");
    assertThat(figures.get("impl")).isEqualTo("bouncycastle");
    assertThat(figures.get("cold_over_raw")).matches("\\d+\\.\\d{2}");
    assertThat(TokenBench.formatLine(figures)).startsWith("sign_per_s=").contains(" impl=bouncycastle ");
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("warming up");
  }
}
