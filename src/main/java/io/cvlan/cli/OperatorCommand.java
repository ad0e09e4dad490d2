package io.cvlan.cli;

import io.cvlan.cache.WatchScope;

import io.cvlan.model.Provisioning;
import io.cvlan.build.BuildInfo;
import io.cvlan.operator.CvlanOperator;
import io.cvlan.operator.OperatorSettings;
import io.cvlan.api.v1alpha1.IssuerKind;
import io.cvlan.api.v1alpha1.IssuerRef;
import io.cvlan.operator.token.RegistrationApiRef;
import io.cvlan.registration.http.MetricsServer;
import io.cvlan.registration.RegistrationApi;
import io.cvlan.registration.http.ServerTls;
import io.cvlan.registration.tls.ServingCertificates;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "operator", mixinStandardHelpOptions = true,
    description = "Runs the reconcilers against the current kubeconfig or the in-cluster configuration.")
public final class OperatorCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(OperatorCommand.class);

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

  @Option(names = "--signing-key-max-age", defaultValue = "2160h", converter = Durations.class,
      description = "Rotate a namespace's token signing key once it is this old (default: ${DEFAULT-VALUE}).")
  Duration signingKeyMaxAge;

  @Override
  public Integer call() throws Exception {
    Clock clock = Clock.systemUTC();
    try (KubernetesClient client = new KubernetesClientBuilder().withHttpClientFactory(new JdkHttpClientFactory()).build()) {
      String ownNamespace = Optional.ofNullable(operatorNamespace).or(() -> Optional.ofNullable(System.getenv("POD_NAMESPACE")))
          .orElse(client.getNamespace());
      Optional<String> lease = leaderElection ? Optional.of(Optional.ofNullable(leaseNamespace).orElse(ownNamespace)) : Optional.empty();
      ServerTls tls = servingCertificate(client, ownNamespace, clock);
      RegistrationApiRef registrationApi = new RegistrationApiRef(registrationUrl, tls.caPem());
      OperatorSettings settings = new OperatorSettings(clock, registrationApi, new HashSet<>(namespaces), lease, signingKeyMaxAge);
      PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      CountDownLatch stopped = new CountDownLatch(1);
      CountDownLatch closed = new CountDownLatch(1);
      try (Provisioning provisioning = Provisioning.start(client, clock, WatchScope.of(settings.namespaces()));
          CvlanOperator operator = CvlanOperator.start(client, settings, metrics, provisioning);
          AutoCloseable api = registrationPort == 0 ? () -> { } : RegistrationApi.start(client,
              new RegistrationApi.Settings(registrationHost, registrationPort, tls, registrationUrl, clock), metrics, provisioning);
          AutoCloseable metricsServer = metricsPort == 0 ? () -> { } : MetricsServer.start("0.0.0.0", metricsPort, metrics)) {
        log.info("operator started version={} api={} namespaces={} leaderElection={} registrationPort={} metricsPort={}",
            BuildInfo.version(), client.getMasterUrl(), namespaces.isEmpty() ? "all" : namespaces, lease.orElse("off"),
            registrationPort, metricsPort);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          log.info("operator stopping signal=TERM");
          stopped.countDown();
          try {
            // The JVM exits when the hooks return: wait until the reconcilers and servers have stopped.
            closed.await(30, java.util.concurrent.TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }, "shutdown"));
        stopped.await();
      } finally {
        closed.countDown();
      }
    }
    return 0;
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
