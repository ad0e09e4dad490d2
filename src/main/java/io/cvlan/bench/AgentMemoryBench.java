package io.cvlan.bench;

import io.cvlan.agent.wireguard.HostCommands;
import io.cvlan.agent.wireguard.WireGuardGo;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The agent's resident memory once registered and programming WireGuard, in its own JVM started with the
 * recommended container flags, against an operator and registration API running in this JVM.
 */
public final class AgentMemoryBench {
  /** The flags the container image uses (FIELD-NOTES: ≈ 84 MB for a JVM watching 1,000 peers). */
  public static final List<String> CONTAINER_FLAGS = List.of("-XX:+UseSerialGC", "-Xms8m", "-Xmx64m", "-Xss256k",
      "-XX:TieredStopAtLevel=1", "-XX:MaxMetaspaceSize=64m", "-XX:ReservedCodeCacheSize=32m");
  private static final String NAMESPACE = "bench";

  private AgentMemoryBench() {}

  public static String agentRssMegabytes(PrintStream out) throws Exception {
    Path work = Files.createTempDirectory("cvlan-agent-bench");
    String netns = "cvb-agent-" + ProcessHandle.current().pid();
    String iface = "wgba" + (ProcessHandle.current().pid() % 100000);
    Process agent = null;
    try (BenchStack stack = BenchStack.start()) {
      Files.writeString(work.resolve("token"), stack.token("bench", "10.201.0.0/24", "agent"));
      Files.writeString(work.resolve("server"), stack.url());
      Files.writeString(work.resolve("ca.crt"), stack.caPem());
      HostCommands.run(List.of("ip", "netns", "add", netns));
      try (WireGuardGo device = WireGuardGo.start(iface, Optional.of(netns), Duration.ofSeconds(5))) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(CONTAINER_FLAGS);
        command.addAll(List.of("-jar", jar(), "agent", "--token-file", work.resolve("token").toString(),
            "--data-dir", work.resolve("data").toString(), "--interface", iface, "--netns", netns,
            "--hostname", "bench-agent", "--endpoint", "192.0.2.1"));
        agent = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(work.resolve("agent.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(work.resolve("data/identity.json")) && System.nanoTime() < deadline && agent.isAlive()) {
          Thread.sleep(100);
        }
        if (!Files.exists(work.resolve("data/identity.json"))) {
          throw new IllegalStateException("the agent did not register; see " + work.resolve("agent.log"));
        }
        Thread.sleep(3000);
        long kb = WireGuardBench.residentKilobytes(agent.pid());
        out.printf("agent registered; its JVM (%s) resident: %d kB%n", String.join(" ", CONTAINER_FLAGS), kb);
        return String.valueOf(kb / 1024);
      }
    } finally {
      if (agent != null) {
        agent.destroy();
        agent.waitFor(5, TimeUnit.SECONDS);
        agent.destroyForcibly();
      }
      try {
        HostCommands.run(List.of("ip", "netns", "del", netns));
      } catch (Exception e) {
        out.println("cleanup: " + e.getMessage());
      }
    }
  }

  static String jar() {
    try {
      return Path.of(AgentMemoryBench.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (Exception e) {
      throw new IllegalStateException("run this from the packaged jar: " + e.getMessage(), e);
    }
  }
}
