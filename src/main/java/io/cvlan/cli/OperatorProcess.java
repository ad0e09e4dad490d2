package io.cvlan.cli;

import io.cvlan.cache.WatchScope;
import io.cvlan.model.Provisioning;
import io.cvlan.operator.CvlanOperator;
import io.cvlan.operator.LeaderLease;
import io.cvlan.operator.OperatorSettings;
import io.cvlan.registration.RegistrationApi;
import io.cvlan.registration.http.MetricsServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.BindException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What `cvlan operator` runs: the reconcilers, the registration API and /metrics over one claim index.
 * Started in the order that fails fast (ports first, see {@link ReservedPorts}), stopped in the order that
 * drains: registrations first (none starts, those in flight answer), then the reconcilers (those in flight
 * finish), then the leader Lease handed on, then the shared caches and /metrics.
 */
final class OperatorProcess implements AutoCloseable {
  static final String REGISTRATION = "registration";
  static final String METRICS = "metrics";
  private static final Logger log = LoggerFactory.getLogger(OperatorProcess.class);

  private final Optional<RegistrationApi> api;
  private final CvlanOperator operator;
  private final Provisioning provisioning;
  private final Optional<MetricsServer> metricsServer;
  private final AtomicBoolean closed = new AtomicBoolean();

  private OperatorProcess(Optional<RegistrationApi> api, CvlanOperator operator, Provisioning provisioning,
      Optional<MetricsServer> metricsServer) {
    this.api = api;
    this.operator = operator;
    this.provisioning = provisioning;
    this.metricsServer = metricsServer;
  }

  /**
   * {@code registration} empty: no registration API; {@code metricsPort} empty: no /metrics. Ports held in
   * {@code reserved} are handed to their servers as these bind.
   */
  static OperatorProcess start(KubernetesClient client, OperatorSettings settings, Optional<RegistrationApi.Settings> registration,
      OptionalInt metricsPort, PrometheusMeterRegistry metrics, ReservedPorts reserved) throws PortInUseException, IOException {
    List<AutoCloseable> started = new ArrayList<>();
    try {
      Optional<MetricsServer> metricsServer = Optional.empty();
      if (metricsPort.isPresent()) {
        reserved.handOver(METRICS);
        metricsServer = Optional.of(bound(METRICS, metricsPort.getAsInt(), () -> MetricsServer.start("0.0.0.0", metricsPort.getAsInt(), metrics)));
        started.add(metricsServer.get());
      }
      Provisioning provisioning = Provisioning.start(client, settings.clock(), WatchScope.of(settings.namespaces()));
      started.add(provisioning);
      CvlanOperator operator = CvlanOperator.start(client, settings, metrics, provisioning);
      started.add(operator);
      Optional<RegistrationApi> api = Optional.empty();
      if (registration.isPresent()) {
        reserved.handOver(REGISTRATION);
        api = Optional.of(bound(REGISTRATION, registration.get().port(), () -> RegistrationApi.start(client, registration.get(), metrics, provisioning)));
      }
      return new OperatorProcess(api, operator, provisioning, metricsServer);
    } catch (PortInUseException | IOException | RuntimeException e) {
      // Reverse order: what started last depends on what started first.
      for (int i = started.size() - 1; i >= 0; i--) {
        closeQuietly(started.get(i));
      }
      throw e;
    }
  }

  private interface Binding<T> {
    T bind() throws IOException;
  }

  /** Binding a port someone took between the reservation's hand-over and now fails as the reservation would have. */
  private static <T> T bound(String purpose, int port, Binding<T> binding) throws PortInUseException, IOException {
    try {
      return binding.bind();
    } catch (BindException e) {
      throw new PortInUseException(purpose, port);
    } catch (CompletionException e) {
      if (e.getCause() instanceof BindException || String.valueOf(e.getCause()).contains("Address already in use")) {
        throw new PortInUseException(purpose, port);
      }
      throw e;
    }
  }

  /** The port the registration API serves on (0 if it is off): where an ephemeral port ended up. */
  int registrationPort() {
    return api.map(RegistrationApi::port).orElse(0);
  }

  CvlanOperator operator() {
    return operator;
  }

  /** Completes when this replica lost the leadership it held: it must stop, and exit non-zero to be restarted. */
  CompletionStage<Void> leadershipLost() {
    return operator.lease().map(LeaderLease::lost).orElseGet(CompletableFuture::new);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    log.info("operator draining");
    api.ifPresent(RegistrationApi::close);
    operator.close();
    provisioning.close();
    metricsServer.ifPresent(MetricsServer::close);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      log.warn("closing after a failed start failed error={}", e.toString());
    }
  }
}
