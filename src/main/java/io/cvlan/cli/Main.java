package io.cvlan.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** `cvlan <subcommand>`: one jar for the operator, the agent, the demo and the benchmarks. */
@Command(name = "cvlan", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Registers nodes into WireGuard overlay networks (CVLANs) on Kubernetes.",
    subcommands = {OperatorCommand.class, AgentCommand.class, DemoCommand.class, BenchCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
    org.slf4j.bridge.SLF4JBridgeHandler.install();
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
