package io.cvlan.cli;

import io.cvlan.operator.CvlanOperator;
import io.cvlan.operator.OperatorSettings;
import io.cvlan.operator.token.RegistrationEndpoint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.nio.file.Files;
import java.nio.file.Path;
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

  @Option(names = "--registration-ca", description = "PEM file of the CA that signs the registration API's certificate.")
  Path registrationCa;

  @Option(names = "--signing-key-max-age", defaultValue = "2160h", converter = Durations.class,
      description = "Rotate a namespace's token signing key once it is this old (default: ${DEFAULT-VALUE}).")
  Duration signingKeyMaxAge;

  @Override
  public Integer call() throws Exception {
    String caPem = registrationCa == null ? "" : Files.readString(registrationCa);
    RegistrationEndpoint endpoint = new RegistrationEndpoint(registrationUrl, caPem);
    try (KubernetesClient client = new KubernetesClientBuilder().withHttpClientFactory(new JdkHttpClientFactory()).build()) {
      Optional<String> lease = leaderElection
          ? Optional.of(Optional.ofNullable(leaseNamespace).or(() -> Optional.ofNullable(System.getenv("POD_NAMESPACE")))
              .orElse(client.getNamespace()))
          : Optional.empty();
      OperatorSettings settings = new OperatorSettings(Clock.systemUTC(), endpoint, new HashSet<>(namespaces), lease, signingKeyMaxAge);
      CountDownLatch stopped = new CountDownLatch(1);
      try (CvlanOperator operator = CvlanOperator.start(client, settings)) {
        log.info("operator started version={} api={} namespaces={} leaderElection={}", Version.current(),
            client.getMasterUrl(), namespaces.isEmpty() ? "all" : namespaces, lease.orElse("off"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          log.info("operator stopping signal=TERM");
          operator.close();
          stopped.countDown();
        }, "shutdown"));
        stopped.await();
      }
    }
    return 0;
  }
}
