package io.cvlan.api.v1alpha1;

import java.time.Duration;
import java.util.regex.Matcher;

/**
 * Reads the durations of the CRDs (ttl, nodeExpiry, certificate durations) exactly as {@link Validation#DURATION}
 * admits them and as the API server's CEL duration() reads them. fabric8's Duration.parse is not used: it reads
 * 1.5h as 5h, -1h as 1h and 1.0h as 0.
 */
public final class SpecDuration {
  private static final java.util.regex.Pattern WHOLE = java.util.regex.Pattern.compile(Validation.DURATION);
  private static final java.util.regex.Pattern PART = java.util.regex.Pattern.compile("([0-9]+)(ns|us|ms|s|m|h)");

  private SpecDuration() {}

  /**
   * The duration {@code text} denotes, possibly zero.
   *
   * @throws IllegalArgumentException when the text is not a sum of whole units (ns, us, ms, s, m, h) or exceeds
   *     what Kubernetes can represent (about 292 years)
   */
  public static Duration parse(String text) {
    if (text == null || !WHOLE.matcher(text).matches()) {
      throw new IllegalArgumentException("not a duration of whole units such as 90m, 24h or 1h30m");
    }
    long nanos = 0;
    Matcher part = PART.matcher(text);
    while (part.find()) {
      // Go's time.Duration is int64 nanoseconds: the API server's duration() refuses anything longer.
      try {
        nanos = Math.addExact(nanos, Math.multiplyExact(Long.parseLong(part.group(1)), unitNanos(part.group(2))));
      } catch (ArithmeticException | NumberFormatException e) {
        throw new IllegalArgumentException("longer than Kubernetes can represent (about 292 years)");
      }
    }
    return Duration.ofNanos(nanos);
  }

  private static long unitNanos(String unit) {
    return switch (unit) {
      case "ns" -> 1L;
      case "us" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      case "h" -> 3_600_000_000_000L;
      default -> throw new IllegalStateException(unit);
    };
  }
}
