package io.cvlan.operator;

import io.cvlan.cache.WatchScope;

import io.cvlan.cache.Trims;
import io.cvlan.operator.claims.ClaimRepair;
import io.cvlan.model.Provisioning;
import java.util.Optional;
import io.cvlan.operator.metrics.OperatorMetrics;
import io.cvlan.operator.status.EventRecorder;
import io.cvlan.operator.status.KubernetesEvents;
import io.cvlan.operator.status.StatusFactory;
import io.cvlan.ipam.IpAllocator;
import io.cvlan.operator.cvlan.CvlanReconciler;
import io.cvlan.operator.cvlan.PublishThrottle;
import io.cvlan.operator.node.NodeReconciler;
import io.cvlan.operator.token.RegistrationConfigMap;
import io.cvlan.operator.token.RegistrationTokenSecret;
import io.cvlan.operator.token.TokenIssuer;
import io.cvlan.operator.vrouter.JoinTokenSecret;
import io.cvlan.operator.vrouter.VRouterReconciler;
import io.cvlan.peers.PeerShardWriter;
import io.cvlan.pki.CertificateIssuers;
import io.cvlan.operator.token.RegistrationTokenReconciler;
import io.cvlan.token.store.SigningKeyStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles the reconcilers into one JOSDK operator. The same configuration serves a real API server and
 * the mock server of the tests: no server-side apply (the mock answers 415) and explicit cleanup instead
 * of relying on the garbage collector (the mock has none).
 */
public final class CvlanOperator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CvlanOperator.class);

  private final KubernetesClient client;
  private final Operator operator;
  private final ClaimRepair repair;
  private final Optional<LeaderLease> lease;
  private final Optional<Provisioning> ownProvisioning;
  private final AtomicBoolean closed = new AtomicBoolean();

  private CvlanOperator(KubernetesClient client, Operator operator, ClaimRepair repair, Optional<LeaderLease> lease,
      Optional<Provisioning> ownProvisioning) {
    this.client = client;
    this.operator = operator;
    this.repair = repair;
    this.lease = lease;
    this.ownProvisioning = ownProvisioning;
  }

  /** Metrics go to a registry nobody scrapes: for tests, the demo and the benches. */
  public static CvlanOperator start(KubernetesClient client, OperatorSettings settings) {
    return start(client, settings, new SimpleMeterRegistry());
  }

  /** Metrics go to {@code registry}, e.g. the Prometheus registry served at /metrics; provisioning of its own. */
  public static CvlanOperator start(KubernetesClient client, OperatorSettings settings, MeterRegistry registry) {
    // The allocator's index must be complete before any reconciler hands out an address.
    Provisioning provisioning = Provisioning.start(client, settings.clock(), WatchScope.of(settings.namespaces()));
    return start(client, settings, registry, provisioning, Optional.of(provisioning));
  }

  /** Sharing the process' {@link Provisioning} with the registration API: one claim index, one CA cache. */
  public static CvlanOperator start(KubernetesClient client, OperatorSettings settings, MeterRegistry registry,
      Provisioning provisioning) {
    return start(client, settings, registry, provisioning, Optional.empty());
  }

  private static CvlanOperator start(KubernetesClient client, OperatorSettings settings, MeterRegistry registry,
      Provisioning provisioning, Optional<Provisioning> own) {
    OperatorMetrics metrics = new OperatorMetrics(registry, settings.clock());
    Optional<LeaderLease> lease = settings.leaseNamespace().map(ns -> new LeaderLease(ns, LeaderLease.newIdentity(), settings.clock()));
    Operator operator = new Operator(o -> {
      o.withMetrics(metrics);
      o.withKubernetesClient(client)
          .withUseSSAToPatchPrimaryResource(false)
          .withSSABasedCreateUpdateMatchForDependentResources(false)
          .withCloseClientOnStop(false)
          // A stop lets the reconciles in flight finish (JOSDK's default, zero, interrupts them at once).
          .withReconciliationTerminationTimeout(settings.drainTimeout());
      lease.ifPresent(l -> o.withLeaderElectionConfiguration(l.configuration()));
    });
    StatusFactory statuses = new StatusFactory(settings.clock());
    EventRecorder events = new KubernetesEvents(client, settings.clock());
    SigningKeyStore keys = new SigningKeyStore(client, settings.clock(), new SecureRandom(), settings.signingKeyMaxAge());
    TokenIssuer tokens = new TokenIssuer(keys, settings.clock());
    String[] namespaces = settings.namespaces().toArray(String[]::new);
    IpAllocator allocator = provisioning.allocator();
    CertificateIssuers issuers = provisioning.issuers();
    operator.register(new CvlanReconciler(statuses, events, allocator, provisioning.nodes(), issuers, new PeerShardWriter(client),
        new PublishThrottle(settings.clock(), PublishThrottle.DEFAULT_INTERVAL),
        new PublishThrottle(settings.clock(), CvlanReconciler.COUNTS_INTERVAL), metrics), o -> watch(o, namespaces));
    operator.register(new RegistrationTokenReconciler(statuses, events, new RegistrationTokenSecret(tokens, settings.registrationApi()),
        new RegistrationConfigMap(settings.registrationApi()),
        settings.clock(), metrics), o -> watch(o, namespaces));
    operator.register(new NodeReconciler(statuses, events, allocator, issuers, provisioning.newNodes(), settings.clock(), metrics), o -> {
      watch(o, namespaces);
      // The most numerous kind: kept without its CSR and certificate, which the reconciler reads when it needs them.
      o.withItemStore(Trims.store());
    });
    operator.register(new VRouterReconciler(statuses, events, allocator, issuers,
        new JoinTokenSecret(tokens, settings.registrationApi(), settings.clock()), settings.clock(), metrics), o -> watch(o, namespaces));
    operator.start();
    ClaimRepair repair = new ClaimRepair(client, allocator, settings.namespaces(), settings.clock()).start();
    return new CvlanOperator(client, operator, repair, lease, own);
  }

  private static void watch(io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider<?> o, String[] namespaces) {
    // Used by JOSDK for server-side apply only (off here); the operator's other writes name it by User-Agent.
    o.withFieldManager(OperatorClient.FIELD_MANAGER);
    o.withInformerListLimit(Trims.LIST_LIMIT);
    if (namespaces.length > 0) {
      o.settingNamespaces(namespaces);
    }
  }

  /** This replica's leader election, when it runs with one. */
  public Optional<LeaderLease> lease() {
    return lease;
  }

  /**
   * Stops in the order that leaves nothing half-done for the next leader: no new reconciles, the ones in flight
   * finished (or, past the drain timeout, interrupted — and then recording nothing), and only then the Lease
   * handed on, so the standby never reconciles beside this replica and need not wait out the Lease.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    Instant started = Instant.now();
    lease.ifPresent(LeaderLease::stepDown);
    repair.close();
    operator.stop();
    lease.ifPresent(l -> l.release(client));
    ownProvisioning.ifPresent(Provisioning::close);
    log.info("operator stopped drainedInMs={}", Duration.between(started, Instant.now()).toMillis());
  }
}
