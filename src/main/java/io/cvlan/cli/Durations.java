package io.cvlan.cli;

import java.text.ParseException;
import java.time.Duration;
import picocli.CommandLine;

/** Kubernetes-style durations on the command line (90m, 24h, 2160h), parsed by fabric8's Duration. */
public final class Durations implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      return io.fabric8.kubernetes.api.model.Duration.parse(value).getDuration();
    } catch (ParseException | RuntimeException e) {
      throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (e.g. 90m, 24h, 2160h)");
    }
  }
}
