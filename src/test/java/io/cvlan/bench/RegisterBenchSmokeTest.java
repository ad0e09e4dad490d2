package io.cvlan.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The registration benchmark runs end to end over two replicas and reports every figure the issue names;
 * speed is not judged here (a shared machine), correctness is: no address told twice, every told address
 * claimed by its node, no 5xx.
 */
class RegisterBenchSmokeTest {

  @Test
  void twoReplicaRunReportsEveryFigureAndTellsNoAddressTwice() throws Exception {
    ByteArrayOutputStream progress = new ByteArrayOutputStream();

    Map<String, String> figures = RegisterBench.run(new PrintStream(progress, true, StandardCharsets.UTF_8), 3, 12, 2);

    assertThat(figures.keySet()).containsExactly("mock_create_per_s", "registrations_per_s", "register_p50_ms", "register_p99_ms",
        "errors_5xx", "convergence_ms", "api_writes_per_registration", "duplicate_ipv4", "claims_mismatched", "revocation_ms",
        "clients", "nodes", "replicas");
    assertThat(figures.get("duplicate_ipv4")).as(figures.toString()).isEqualTo("0");
    assertThat(figures.get("claims_mismatched")).as(figures.toString()).isEqualTo("0");
    assertThat(figures.get("errors_5xx")).as(figures.toString()).isEqualTo("0");
    assertThat(figures.get("convergence_ms")).matches("\\d+");
    assertThat(figures.get("revocation_ms")).matches("\\d+");
    assertThat(figures.get("api_writes_per_registration")).matches("\\d+\\.\\d{2}");
    assertThat(figures.get("replicas")).isEqualTo("2");
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("writes by resource");
  }

  @Test
  void operatorInAJvmOfItsOwnReportsItsCpuPerRegistration() throws Exception {
    ByteArrayOutputStream progress = new ByteArrayOutputStream();

    Map<String, String> figures = RegisterBench.run(new PrintStream(progress, true, StandardCharsets.UTF_8), 3, 12, 1,
        java.util.Optional.of(RegisterBench.chartFlags("256m")));

    assertThat(figures.get("operator_cpu_ms_per_registration")).as(figures.toString()).matches("\\d+\\.\\d");
    assertThat(Double.parseDouble(figures.get("operator_cpu_ms_per_registration"))).isPositive();
    assertThat(figures.get("duplicate_ipv4")).as(figures.toString()).isEqualTo("0");
    assertThat(figures.get("claims_mismatched")).as(figures.toString()).isEqualTo("0");
    assertThat(figures.get("errors_5xx")).as(figures.toString()).isEqualTo("0");
    assertThat(figures.get("revocation_ms")).matches("\\d+");
  }
}
