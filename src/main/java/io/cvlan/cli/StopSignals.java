package io.cvlan.cli;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT as a request to stop, answered by the main thread, not by a JVM shutdown. During a
 * shutdown nothing may call System.exit (it blocks for good) and the exit status is 143 whatever the drain
 * achieved; handled here, the process drains, returns from main and exits 0.
 */
final class StopSignals {
  private StopSignals() {}

  /**
   * Completes with the signal's name (SIGTERM, SIGINT) when one arrives. A second signal while draining (Ctrl-C
   * twice) ends the process at once, with the status a shell expects of that signal.
   */
  static CompletableFuture<String> install() {
    CompletableFuture<String> requested = new CompletableFuture<>();
    for (String name : List.of("TERM", "INT")) {
      try {
        Signal.handle(new Signal(name), signal -> {
          if (!requested.complete("SIG" + signal.getName())) {
            Runtime.getRuntime().halt(128 + signal.getNumber());
          }
        });
      } catch (IllegalArgumentException e) {
        // The JVM keeps this signal to itself (-Xrs) or the platform has none: its default stays, a JVM shutdown.
      }
    }
    return requested;
  }
}
