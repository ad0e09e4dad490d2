package io.cvlan.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.bench.IpamBench;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark runs end to end on a small scale and reports every figure; the numbers are not judged. */
class IpamBenchSmokeTest {

  @Test
  void smallRunReportsEveryFigureInOrder() {
    ByteArrayOutputStream progress = new ByteArrayOutputStream();

    Map<String, String> figures = IpamBench.run(new PrintStream(progress, true, StandardCharsets.UTF_8), 20, 60, 5);

    assertThat(figures).containsOnlyKeys("alloc_per_s_1k", "alloc_per_s_10k", "heap_mb", "allocator_heap_mb", "mock_create_per_s_1k", "index_lookup_ns_1k",
        "index_lookup_ns_10k");
    assertThat(figures.keySet()).containsSubsequence("alloc_per_s_1k", "alloc_per_s_10k", "heap_mb");
    assertThat(figures.values()).allSatisfy(value -> assertThat(value).matches("\\d+(\\.\\d)?"));
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("allocating for 20 then 60").contains("heap_mb=");
  }
}
