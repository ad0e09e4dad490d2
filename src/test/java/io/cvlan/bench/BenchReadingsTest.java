package io.cvlan.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What the benches read from the JVMs they measure: /proc CPU times and jcmd's class histogram. */
class BenchReadingsTest {

  @Test
  void cpuTimeIsUserPlusSystemTicksEvenWhenTheCommandNameHasSpaces() {
    String stat = "4242 (java my (app)) S 1 4242 4242 0 -1 4194560 2000 0 0 0 150 25 0 0 20 0 40 0 100 0 0";

    assertThat(ChildOperator.cpuMillis(stat)).isEqualTo(1750);
  }

  @Test
  void liveHeapIsTheHistogramsTotal() {
    String histogram = """
        1234:
         num     #instances         #bytes  class name (module)
        -------------------------------------------------------
           1:        375183       22814896  [B (java.base@17.0.15)
           2:        366232        8789568  java.lang.String (java.base@17.0.15)
        Total       1583000      104857600
        """;

    assertThat(OperatorHeapBench.liveBytes(histogram)).isEqualTo(104_857_600L);
  }

  @Test
  void aHistogramWithoutATotalIsAnError() {
    assertThatThrownBy(() -> OperatorHeapBench.liveBytes("1234:\nnothing here\n")).hasMessageContaining("Total");
  }
}
