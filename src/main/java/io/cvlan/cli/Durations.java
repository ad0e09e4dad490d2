package io.cvlan.cli;

import io.cvlan.api.v1alpha1.SpecDuration;
import java.time.Duration;
import picocli.CommandLine;

/**
 * Kubernetes-style durations on the command line (90m, 24h, 2160h), read as the CRDs' durations are
 * ({@link SpecDuration}: whole units only — fabric8's parser reads 1.5h as 5h).
 */
public final class Durations implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      return SpecDuration.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException("'" + value + "' is not a duration of whole units (e.g. 90m, 24h, 2160h)");
    }
  }
}
