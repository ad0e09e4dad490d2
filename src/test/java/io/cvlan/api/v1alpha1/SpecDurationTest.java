package io.cvlan.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Durations of the CRDs read as Go's time.ParseDuration reads them, and only those the schema's pattern admits. */
class SpecDurationTest {
  private static final Pattern SCHEMA = Pattern.compile(Validation.DURATION);

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
      "24h,       PT24H",
      "8760h,     PT8760H",
      "90m,       PT1H30M",
      "1h30m,     PT1H30M",
      "1m1h,      PT1H1M",
      "1h1h,      PT2H",
      "45s,       PT45S",
      "3ms500us,  PT0.0035S",
      "1ns,       PT0.000000001S",
      "0s,        PT0S",
      "00h,       PT0S",
      "2562047h,  PT2562047H",
  })
  void readsWholeUnitsAsGoDoes(String text, Duration expected) {
    assertThat(SCHEMA.matcher(text).matches()).isTrue();
    assertThat(SpecDuration.parse(text)).isEqualTo(expected);
  }

  /** fabric8's Duration.parse reads the first three as 5h, 1h and 0; the schema refuses them all. */
  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"1.5h", "-1h", "1.0h", "+1h", "1d", "1H", "h", "", " 1h", "1h ", "24", "1µs", "soon"})
  void refusesWhatTheSchemaRefuses(String text) {
    assertThat(SCHEMA.matcher(text).matches()).isFalse();
    assertThatThrownBy(() -> SpecDuration.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whole units");
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"2562048h", "9223372036854775808ns", "99999999999999999999h", "2562047h1h"})
  void refusesDurationsLongerThanKubernetesRepresents(String text) {
    assertThatThrownBy(() -> SpecDuration.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("292 years");
  }

  @Test
  void refusesNull() {
    assertThatThrownBy(() -> SpecDuration.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
