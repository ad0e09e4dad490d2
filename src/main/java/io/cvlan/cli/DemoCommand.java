package io.cvlan.cli;

import io.cvlan.demo.Demo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Runs the operator on an embedded Kubernetes API (or --kubeconfig), applies the examples and shows the result; "
        + "on a cluster it creates its namespace, reconciles only that namespace, and removes what it made unless --keep.")
public final class DemoCommand implements Callable<Integer> {
  @Option(names = "--kubeconfig", description = "Use this cluster instead of an embedded API server.")
  Path kubeconfig;

  @Option(names = "--agents", defaultValue = "3", description = "Simulated machines running the agent, WireGuard in memory "
      + "(default: ${DEFAULT-VALUE}).")
  int agents;

  @Option(names = "--real-wireguard", description = "Give each agent a network namespace with wireguard-go and ping across "
      + "the overlay (root, wireguard-go and ip needed).")
  boolean realWireGuard;

  @Option(names = "--namespace", defaultValue = "cvlan-demo", description = "Namespace (tenant) for the demo (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Option(names = "--keep", description = "With --kubeconfig: leave the demo's namespace and objects in the cluster; "
      + "by default they are removed at the end.")
  boolean keep;

  @Option(names = "--timeout", defaultValue = "60s", converter = Durations.class,
      description = "How long to wait for every resource to settle (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public Integer call() throws Exception {
    return new Demo(System.out, namespace, timeout, agents, realWireGuard, keep).run(kubeconfig) ? 0 : 1;
  }
}
