package io.cvlan.cli;

import io.cvlan.agent.Agent;
import io.cvlan.agent.AgentSettings;
import io.cvlan.agent.VRouterAgent;
import io.cvlan.agent.vrouter.LinuxGateway;
import io.cvlan.agent.token.HttpMetadataProvider;
import io.cvlan.agent.token.MetadataProvider;
import io.cvlan.agent.token.TokenSources;
import io.cvlan.agent.wireguard.InterfaceAddressing;
import io.cvlan.agent.wireguard.UapiBackend;
import io.cvlan.agent.wireguard.WgToolBackend;
import io.cvlan.agent.wireguard.WireGuardBackend;
import io.cvlan.registration.protocol.EndpointDto;
import io.cvlan.registration.protocol.PodDto;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "agent", mixinStandardHelpOptions = true,
    description = "Registers this machine with a token and programs WireGuard from its peers: a VM or any host outside the "
        + "cluster (--mode standalone), a Kubernetes node (daemonset), a pod (sidecar), or a VRouter's gateway (--mode vrouter: "
        + "the VRouter's join Secret, one interface per CVLAN, forwarding to its advertised subnets).")
public final class AgentCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(AgentCommand.class);

  @Option(names = "--mode", defaultValue = "standalone", description = "standalone (a VM: peers from the poll API), daemonset "
      + "(a Kubernetes node; $NODE_NAME), sidecar (a pod; $POD_NAMESPACE, $POD_NAME, $POD_UID) — these two watch the "
      + "peer ConfigMaps — or vrouter (a VRouter's gateway: --token-file pointing into its <vrouter>-join Secret) "
      + "(default: ${DEFAULT-VALUE}).")
  String mode;

  @Option(names = "--interface-prefix", defaultValue = VRouterAgent.DEFAULT_INTERFACE_PREFIX, description = "vrouter mode: "
      + "interfaces are <prefix><cvlan>, one per CVLAN, at most 15 characters (a long CVLAN name is cut and hashed); "
      + "--listen-port is the first CVLAN's, the next ones count up (default: ${DEFAULT-VALUE}).")
  String interfacePrefix;

  @Option(names = "--site-interface", description = "vrouter mode: the interface towards the subnets the VRouter advertises "
      + "(spec.routes); those the host does not route yet are routed through it.")
  String siteInterface;

  @Option(names = "--token", description = "Registration token (prefer --token-file or $CVLAN_REGISTRATION_TOKEN: arguments are visible in ps).")
  String token;

  @Option(names = "--token-file", defaultValue = "/etc/cvlan/token", description = "Token file, deleted after registration (default: ${DEFAULT-VALUE}).")
  Path tokenFile;

  @Option(names = "--identity-token-file", description = "Sidecar: join with this projected ServiceAccount token (audience "
      + "cvlan.io) instead of a registration token; the server and ca.crt files beside it (or --server, --ca-file) say where to "
      + "register. Re-read as kubelet rotates it.")
  Path identityTokenFile;

  @Option(names = "--use-metadata", description = "Ask the cloud metadata service for the token when no other source has one.")
  boolean useMetadata;

  @Option(names = "--metadata-url", defaultValue = "http://169.254.169.254/latest/meta-data",
      description = "Metadata service base URL (default: ${DEFAULT-VALUE}).")
  String metadataUrl;

  @Option(names = "--metadata-path", defaultValue = "cvlan-token", description = "Path of the token under the base URL (default: ${DEFAULT-VALUE}).")
  String metadataPath;

  @Option(names = "--server", description = "Registration API URL; default: the `server` file beside the token file.")
  String server;

  @Option(names = "--ca-file", description = "CA of the registration API (PEM); default: `ca.crt` beside the token file.")
  Path caFile;

  @Option(names = "--data-dir", defaultValue = "/var/lib/cvlan", description = "Where the identity is kept (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--interface", defaultValue = "cvlan0", description = "WireGuard interface (default: ${DEFAULT-VALUE}).")
  String iface;

  @Option(names = "--listen-port", defaultValue = "51820", description = "WireGuard listen port (default: ${DEFAULT-VALUE}).")
  int listenPort;

  @Option(names = "--hostname", description = "Name to register under; default: this machine's host name.")
  String hostname;

  @Option(names = "--endpoint", description = "Address peers dial, host or host:port (repeatable; the port defaults to --listen-port).")
  List<String> endpoints = List.of();

  @Option(names = "--backend", defaultValue = "uapi", description = "uapi (a userspace WireGuard such as wireguard-go; in vrouter "
      + "mode the agent starts one per CVLAN) or wg (the wg tool, for the kernel module) (default: ${DEFAULT-VALUE}).")
  String backend;

  @Option(names = "--netns", description = "Network namespace of the interface (for addresses and routes).")
  String netns;

  @Override
  public Integer call() throws Exception {
    Optional<MetadataProvider> metadata = useMetadata
        ? Optional.of(new HttpMetadataProvider(metadataUrl, metadataPath, HttpMetadataProvider.DEFAULT_TIMEOUT)) : Optional.empty();
    AgentSettings.Placement placement = placement();
    Optional<KubernetesClient> cluster = placement instanceof AgentSettings.Placement.Standalone
        || placement instanceof AgentSettings.Placement.VRouter ? Optional.empty()
        : Optional.of(new KubernetesClientBuilder().withHttpClientFactory(new JdkHttpClientFactory()).build());
    AgentSettings settings = new AgentSettings(dataDir, iface, listenPort,
        Optional.ofNullable(hostname).orElse(InetAddress.getLocalHost().getHostName()), System.getProperty("os.name").toLowerCase(),
        endpoints.stream().map(this::endpoint).toList(), Optional.ofNullable(server),
        caFile == null ? Optional.empty() : Optional.of(Files.readString(caFile)),
        new TokenSources(Optional.ofNullable(token), tokenFile, System.getenv(), metadata), Clock.systemUTC(), placement, cluster);
    WireGuardBackend device = switch (backend) {
      case "uapi" -> new UapiBackend(UapiBackend.socketOf(iface));
      case "wg" -> new WgToolBackend(iface, Optional.ofNullable(netns));
      default -> throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
          "--backend must be uapi or wg, not " + backend);
    };
    if (placement instanceof AgentSettings.Placement.VRouter) {
      return runVRouter(settings);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    try (Agent agent = new Agent(settings, device, new InterfaceAddressing(iface, Optional.ofNullable(netns))).start()) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        log.info("agent stopping signal=TERM");
        stopped.countDown();
      }, "shutdown"));
      stopped.await();
    } finally {
      cluster.ifPresent(KubernetesClient::close);
    }
    return 0;
  }

  private int runVRouter(AgentSettings settings) throws Exception {
    if (!backend.equals("uapi") && !backend.equals("wg")) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--backend must be uapi or wg, not " + backend);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    LinuxGateway gateway = new LinuxGateway(Optional.ofNullable(netns), backend, Optional.ofNullable(siteInterface));
    try (VRouterAgent agent = new VRouterAgent(settings, interfacePrefix, gateway).start()) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        log.info("vrouter agent stopping signal=TERM");
        stopped.countDown();
      }, "shutdown"));
      stopped.await();
    }
    return 0;
  }

  private AgentSettings.Placement placement() {
    if (identityTokenFile != null && !"sidecar".equals(mode)) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
          "--identity-token-file is for --mode sidecar: only a pod has a ServiceAccount token bound to it");
    }
    return switch (mode) {
      case "standalone" -> new AgentSettings.Placement.Standalone();
      case "daemonset" -> new AgentSettings.Placement.Daemonset(requiredEnv("NODE_NAME"));
      case "sidecar" -> new AgentSettings.Placement.Sidecar(new PodDto(requiredEnv("POD_NAMESPACE"), requiredEnv("POD_NAME"),
          requiredEnv("POD_UID")), Optional.ofNullable(identityTokenFile));
      case "vrouter" -> new AgentSettings.Placement.VRouter();
      default -> throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
          "--mode must be standalone, daemonset, sidecar or vrouter, not " + mode);
    };
  }

  private String requiredEnv(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
          "--mode " + mode + " needs $" + name + " (set it from the downward API)");
    }
    return value;
  }

  private EndpointDto endpoint(String text) {
    int colon = text.lastIndexOf(':');
    if (colon > 0 && text.indexOf(':') == colon) {
      return new EndpointDto(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
    }
    return new EndpointDto(text, listenPort);
  }
}
