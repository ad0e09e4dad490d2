package io.cvlan.cli;

import io.cvlan.bench.CertBench;
import io.cvlan.bench.TokenBench;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measures throughput; the last line printed is key=value figures.",
    subcommands = {BenchCommand.Tokens.class, BenchCommand.Certs.class})
public final class BenchCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  static String figures(Map<String, String> figures) {
    return figures.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
  }

  @Command(name = "tokens", mixinStandardHelpOptions = true,
      description = "Ed25519 token sign and verify throughput on one thread (BouncyCastle and the JDK).")
  static final class Tokens implements Callable<Integer> {
    @Option(names = "--seconds", defaultValue = "2", description = "Time per measurement (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Override
    public Integer call() {
      Map<String, String> result = TokenBench.run(System.out, Duration.ofSeconds(seconds));
      System.out.println(figures(result));
      return 0;
    }
  }

  @Command(name = "certs", mixinStandardHelpOptions = true,
      description = "Built-in CA certificate issuance throughput on one thread (ECDSA P-256 CA, Ed25519 for comparison).")
  static final class Certs implements Callable<Integer> {
    @Option(names = "--seconds", defaultValue = "2", description = "Time per measurement (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Override
    public Integer call() {
      Map<String, String> result = CertBench.run(System.out, Duration.ofSeconds(seconds));
      System.out.println(figures(result));
      return 0;
    }
  }
}
