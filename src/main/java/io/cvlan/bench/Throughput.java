package io.cvlan.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;

/** The measuring loop the benchmarks share: single-threaded operations per second over a wall-clock slice. */
final class Throughput {
  private Throughput() {}

  /** One operation under measurement; returns false if it did not do what it should (a verify failed). */
  @FunctionalInterface
  interface Operation {
    boolean run(int iteration) throws Exception;
  }

  static double rate(Operation operation, Duration duration) throws Exception {
    return rate(operation, duration, Integer.MAX_VALUE);
  }

  /**
   * Operations per second of {@code operation} over about {@code duration}, stopping early after
   * {@code limit} iterations (when each input may be used once only).
   */
  static double rate(Operation operation, Duration duration, int limit) throws Exception {
    long start = System.nanoTime();
    long deadline = start + duration.toNanos();
    int iterations = 0;
    long now;
    do {
      if (!operation.run(iterations)) {
        throw new IllegalStateException("an operation under measurement failed");
      }
      iterations++;
      now = System.nanoTime();
    } while (now < deadline && iterations < limit);
    return iterations / ((now - start) / 1e9);
  }

  static void report(PrintStream out, Map<String, Double> rates, String name) {
    out.printf("%s=%.0f%n", name, rates.get(name));
  }
}
