package io.cvlan.cli;

import io.cvlan.bench.AgentMemoryBench;
import io.cvlan.bench.CertBench;
import io.cvlan.bench.IpamBench;
import io.cvlan.bench.OperatorHeapBench;
import io.cvlan.bench.RegisterBench;
import io.cvlan.bench.TokenBench;
import io.cvlan.bench.VRouterBench;
import io.cvlan.bench.WireGuardBench;
import io.cvlan.peers.PeerShards;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measures throughput; the last line printed is key=value figures.",
    subcommands = {BenchCommand.Tokens.class, BenchCommand.Ipam.class, BenchCommand.Certs.class, BenchCommand.Register.class,
        BenchCommand.Wireguard.class, BenchCommand.Heap.class, BenchCommand.Vrouter.class})
public final class BenchCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  static String figures(Map<String, String> figures) {
    return figures.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
  }

  /** A benchmark measured in timed slices; prints its figures as the last line. */
  abstract static class Timed implements Callable<Integer> {
    @Option(names = "--seconds", defaultValue = "2", description = "Time per measurement (default: ${DEFAULT-VALUE}).")
    int seconds;

    abstract Map<String, String> measure(Duration perMeasurement);

    @Override
    public Integer call() {
      System.out.println(figures(measure(Duration.ofSeconds(seconds))));
      return 0;
    }
  }

  @Command(name = "tokens", mixinStandardHelpOptions = true,
      description = "Ed25519 token sign and verify throughput on one thread (BouncyCastle and the JDK).")
  static final class Tokens extends Timed {
    @Override
    Map<String, String> measure(Duration perMeasurement) {
      return TokenBench.run(System.out, perMeasurement);
    }
  }

  @Command(name = "certs", mixinStandardHelpOptions = true,
      description = "Built-in CA certificate issuance throughput on one thread (ECDSA P-256 CA, Ed25519 for comparison).")
  static final class Certs extends Timed {
    @Override
    Map<String, String> measure(Duration perMeasurement) {
      return CertBench.run(System.out, perMeasurement);
    }
  }

  @Command(name = "ipam", mixinStandardHelpOptions = true,
      description = "Address allocation for 10,000 nodes against the embedded API server, built-in CA issuance, "
          + "and the largest peer ConfigMap at 10,000 nodes.")
  static final class Ipam extends Timed {
    @Override
    Map<String, String> measure(Duration perMeasurement) {
      Map<String, String> result = new LinkedHashMap<>();
      result.putAll(IpamBench.run(System.out));
      result.putAll(CertBench.run(System.out, perMeasurement));
      long largest = PeerShards.largestConfigMapBytes(10_000);
      System.out.println("largest peer ConfigMap at 10,000 nodes: " + largest + " bytes (limit " + PeerShards.MAX_SHARD_BYTES + ")");
      result.put("largest_peer_configmap_bytes", String.valueOf(largest));
      return result;
    }
  }

  @Command(name = "register", mixinStandardHelpOptions = true,
      description = "Registration over HTTPS against the embedded API server: N concurrent clients register M nodes while "
          + "N watchers long-poll; registrations/s, p50/p99 latency and convergence.")
  static final class Register implements Callable<Integer> {
    @Option(names = "--clients", defaultValue = "50", description = "Concurrent clients, and watchers (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--nodes", defaultValue = "1000", description = "Nodes to register (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--replicas", defaultValue = "1",
        description = "Operator + registration API pairs serving at once, without leader election (default: ${DEFAULT-VALUE}).")
    int replicas;

    @Option(names = "--operator-process", description = "Run `cvlan operator` in a JVM of its own with the chart's flags, "
        + "so that its CPU per registration is measured apart (operator_cpu_ms_per_registration); one replica.")
    boolean apart;

    @Option(names = "--operator-heap", defaultValue = "256m",
        description = "With --operator-process: its -Xmx, as the chart's operator.heap (default: ${DEFAULT-VALUE}).")
    String heap;

    @Option(names = "--operator-jvm-flags", split = " ",
        description = "With --operator-process: its JVM flags instead of the chart's (space-separated, quoted).")
    List<String> jvmFlags;

    @Override
    public Integer call() throws Exception {
      if (apart && replicas != 1) {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--operator-process runs one replica");
      }
      Optional<List<String>> operatorProcess = apart
          ? Optional.of(jvmFlags != null ? jvmFlags : RegisterBench.chartFlags(heap)) : Optional.empty();
      System.out.println(figures(RegisterBench.run(System.out, clients, nodes, replicas, operatorProcess)));
      return 0;
    }
  }

  @Command(name = "wireguard", mixinStandardHelpOptions = true,
      description = "Programs 1,000 peers, then a 10-peer diff, into wireguard-go in a netns of its own, through the "
          + "UAPI backend and the wg tool; median ms of 5 runs; then the resident memory of a registered agent JVM with the "
          + "container flags. Needs root, wireguard-go, wg and ip.")
  static final class Wireguard implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      Map<String, String> result = new LinkedHashMap<>(WireGuardBench.run(System.out));
      result.put("agent_rss_mb", AgentMemoryBench.agentRssMegabytes(System.out));
      System.out.println(figures(result));
      return 0;
    }
  }

  @Command(name = "heap", mixinStandardHelpOptions = true,
      description = "The operator's live heap after a full GC with N registered Nodes, in its own JVM with the chart's flags.")
  static final class Heap implements Callable<Integer> {
    @Option(names = "--nodes", defaultValue = "10000", description = "Registered Nodes (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--xmx", defaultValue = "128m", description = "The operator JVM's -Xmx (default: ${DEFAULT-VALUE}).")
    String xmx;

    @Override
    public Integer call() throws Exception {
      System.out.println(figures(OperatorHeapBench.run(System.out, nodes, xmx)));
      return 0;
    }
  }

  @Command(name = "vrouter", mixinStandardHelpOptions = true,
      description = "A node joins, until a VRouter's gateway has programmed it: registration over HTTPS, publication by the "
          + "operator, the vrouter agent's long-poll and its programming (in-memory WireGuard), against the embedded API "
          + "server; median and max ms of 20 joins.")
  static final class Vrouter implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      System.out.println(figures(VRouterBench.run(System.out)));
      return 0;
    }
  }
}
