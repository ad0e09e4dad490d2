package io.cvlan.cli;

import io.cvlan.build.BuildInfo;
import io.cvlan.operator.OperatorSettings;
import io.cvlan.api.v1alpha1.IssuerKind;
import io.cvlan.api.v1alpha1.IssuerRef;
import io.cvlan.operator.token.RegistrationApiRef;
import io.cvlan.operator.OperatorClient;
import io.cvlan.registration.RegistrationApi;
import io.cvlan.registration.http.ServerTls;
import io.cvlan.registration.tls.ServingCertificates;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "operator", mixinStandardHelpOptions = true,
    description = "Runs the reconcilers against the current kubeconfig or the in-cluster configuration.")
public final class OperatorCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(OperatorCommand.class);
  private static final String LEADERSHIP_LOST = "leadership lost";

  @Option(names = "--namespace", description = "Watch only these namespaces (repeatable); default: all.")
  List<String> namespaces = List.of();

  @Option(names = "--leader-election", description = "Run only while holding the Lease ${sys:line.separator}"
      + "  " + OperatorSettings.LEASE_NAME + " (for more than one replica).")
  boolean leaderElection;

  @Option(names = "--lease-namespace", description = "Namespace of the leader Lease; default: $POD_NAMESPACE or the client's namespace.")
  String leaseNamespace;

  @Option(names = "--registration-url", defaultValue = "${env:CVLAN_REGISTRATION_URL:-https://cvlan-registration.cvlan-system.svc:8443}",
      description = "Registration API URL written into token Secrets (default: ${DEFAULT-VALUE}).")
  String registrationUrl;

  @Option(names = "--registration-port", defaultValue = "8443", description = "HTTPS port of the registration API; 0 turns it off (default: ${DEFAULT-VALUE}).")
  int registrationPort;

  @Option(names = "--registration-host", defaultValue = "0.0.0.0", description = "Address the registration API binds (default: ${DEFAULT-VALUE}).")
  String registrationHost;

  @Option(names = "--registration-tls-secret", description = "Serve with this TLS Secret (tls.crt, tls.key, ca.crt; e.g. written by "
      + "cert-manager) in the operator namespace, instead of the built-in registration CA.")
  String registrationTlsSecret;

  @Option(names = "--registration-issuer", description = "Get the serving certificate from this cert-manager issuer, "
      + "Kind/name (Issuer/my-ca or ClusterIssuer/corp-ca); the Certificate and its Secret are cvlan-registration-tls.")
  String registrationIssuer;

  @Option(names = "--registration-dns", split = ",", description = "Host names and IPs of the built-in serving certificate "
      + "(default: the host of --registration-url, localhost, 127.0.0.1).")
  List<String> registrationDns = List.of();

  @Option(names = "--operator-namespace", description = "Namespace of the operator's own Secrets; default: $POD_NAMESPACE or the client's namespace.")
  String operatorNamespace;

  @Option(names = "--metrics-port", defaultValue = "9090", description = "Prometheus /metrics port; 0 turns it off (default: ${DEFAULT-VALUE}).")
  int metricsPort;

  @Option(names = "--drain-timeout", defaultValue = "10s", converter = Durations.class,
      description = "On SIGTERM, how long reconciles in flight may take to finish before they are interrupted; keep it "
          + "under the 15s leader Lease (default: ${DEFAULT-VALUE}).")
  Duration drainTimeout;

  @Option(names = "--signing-key-max-age", defaultValue = "2160h", converter = Durations.class,
      description = "Rotate a namespace's token signing key once it is this old (default: ${DEFAULT-VALUE}).")
  Duration signingKeyMaxAge;

  @Spec
  CommandSpec spec;

  /** The cluster: the environment's by default; a test names its own. */
  Supplier<Config> cluster = OperatorClient::environment;

  /** A stop request: SIGTERM or SIGINT by default; a test completes its own. */
  Supplier<CompletableFuture<String>> stopRequests = StopSignals::install;

  /**
   * 0 after a requested stop that drained, 1 when leadership was lost (restart and stand by again) or a port
   * this process must serve on is taken — said in one line, before anything has started.
   */
  @Override
  public Integer call() throws Exception {
    ReservedPorts reserved;
    try {
      reserved = ReservedPorts.reserve(List.of(new ReservedPorts.Port(OperatorProcess.REGISTRATION, registrationHost, registrationPort),
          new ReservedPorts.Port(OperatorProcess.METRICS, "0.0.0.0", metricsPort)));
    } catch (PortInUseException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return 1;
    }
    CompletableFuture<String> stop = stopRequests.get();
    Clock clock = Clock.systemUTC();
    try (reserved; KubernetesClient client = OperatorClient.connect(cluster.get())) {
      String ownNamespace = Optional.ofNullable(operatorNamespace).or(() -> Optional.ofNullable(System.getenv("POD_NAMESPACE")))
          .orElse(client.getNamespace());
      ServerTls tls = servingCertificate(client, ownNamespace, clock);
      OperatorSettings settings = new OperatorSettings(clock, new RegistrationApiRef(registrationUrl, tls.caPem()), new HashSet<>(namespaces),
          Optional.empty(), signingKeyMaxAge, drainTimeout);
      if (leaderElection) {
        settings = settings.withLeaderElection(Optional.ofNullable(leaseNamespace).orElse(ownNamespace));
      }
      Optional<RegistrationApi.Settings> registration = registrationPort == 0 ? Optional.empty()
          : Optional.of(new RegistrationApi.Settings(registrationHost, registrationPort, tls, registrationUrl, clock));
      OptionalInt metrics = metricsPort == 0 ? OptionalInt.empty() : OptionalInt.of(metricsPort);
      try (OperatorProcess process = OperatorProcess.start(client, settings, registration, metrics,
          new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), reserved)) {
        // Any other way out of the JVM (System.exit elsewhere, SIGHUP) still drains; closing twice is a no-op.
        Runtime.getRuntime().addShutdownHook(new Thread(process::close, "shutdown"));
        process.leadershipLost().thenRun(() -> stop.complete(LEADERSHIP_LOST));
        log.info("operator started version={} api={} namespaces={} leaderElection={} registrationPort={} metricsPort={}",
            BuildInfo.version(), client.getMasterUrl(), namespaces.isEmpty() ? "all" : namespaces,
            settings.leaseNamespace().orElse("off"), registrationPort, metricsPort);
        String reason = stop.join();
        log.info("operator stopping reason={}", reason);
        return LEADERSHIP_LOST.equals(reason) ? 1 : 0;
      } finally {
        log.info("operator stopped");
      }
    } catch (PortInUseException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return 1;
    }
  }

  private ServerTls servingCertificate(KubernetesClient client, String namespace, Clock clock) throws InterruptedException {
    if (registrationTlsSecret != null) {
      return ServingCertificates.fromSecret(client, namespace, registrationTlsSecret);
    }
    if (registrationIssuer != null) {
      return ServingCertificates.fromCertManager(client, namespace, "cvlan-registration-tls", issuer(registrationIssuer), servingHosts(),
          java.time.Duration.ofMinutes(2));
    }
    return ServingCertificates.builtIn(client, namespace, servingHosts(), clock);
  }

  private IssuerRef issuer(String text) {
    String[] parts = text.split("/", 2);
    if (parts.length != 2 || !(parts[0].equals("Issuer") || parts[0].equals("ClusterIssuer")) || parts[1].isBlank()) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
          "--registration-issuer must be Issuer/<name> or ClusterIssuer/<name>, not " + text);
    }
    IssuerRef issuer = new IssuerRef();
    issuer.setKind(IssuerKind.valueOf(parts[0]));
    issuer.setName(parts[1]);
    return issuer;
  }

  private List<String> servingHosts() {
    if (!registrationDns.isEmpty()) {
      return registrationDns;
    }
    return List.of(URI.create(registrationUrl).getHost(), "localhost", "127.0.0.1");
  }
}
