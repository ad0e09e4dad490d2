package io.cvlan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Durations on the command line read as the CRDs' do. */
class DurationsTest {
  @ParameterizedTest
  @CsvSource({"10s, PT10S", "90m, PT1H30M", "2160h, PT2160H", "1h30m, PT1H30M"})
  void wholeUnitsAreRead(String text, Duration expected) {
    assertThat(new Durations().convert(text)).isEqualTo(expected);
  }

  /** fabric8's parser read 1.5h as 5h and -1h as 1h: a flag must refuse what it cannot read exactly. */
  @ParameterizedTest
  @ValueSource(strings = {"1.5h", "-1h", "1.0h", "ten", ""})
  void anythingElseIsRefusedWithAnExample(String text) {
    assertThatThrownBy(() -> new Durations().convert(text)).isInstanceOf(CommandLine.TypeConversionException.class)
        .hasMessageContaining("e.g. 90m, 24h, 2160h");
  }
}
