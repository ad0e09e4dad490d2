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
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;

/**
 * Assembles the reconcilers into one JOSDK operator. The same configuration serves a real API server and
 * the mock server of the tests: no server-side apply (the mock answers 415) and explicit cleanup instead
 * of relying on the garbage collector (the mock has none).
 */
public final class CvlanOperator implements AutoCloseable {
  private final Operator operator;
  private final ClaimRepair repair;
  private final Optional<Provisioning> ownProvisioning;

  private CvlanOperator(Operator operator, ClaimRepair repair, Optional<Provisioning> ownProvisioning) {
    this.operator = operator;
    this.repair = repair;
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
    Operator operator = new Operator(o -> {
      o.withMetrics(metrics);
      o.withKubernetesClient(client)
          .withUseSSAToPatchPrimaryResource(false)
          .withSSABasedCreateUpdateMatchForDependentResources(false)
          .withCloseClientOnStop(false);
      settings.leaseNamespace().ifPresent(ns ->
          o.withLeaderElectionConfiguration(new LeaderElectionConfiguration(OperatorSettings.LEASE_NAME, ns)));
    });
    StatusFactory statuses = new StatusFactory(settings.clock());
    EventRecorder events = new KubernetesEvents(client, settings.clock());
    SigningKeyStore keys = new SigningKeyStore(client, settings.clock(), new SecureRandom(), settings.signingKeyMaxAge());
    TokenIssuer tokens = new TokenIssuer(keys, settings.clock());
    String[] namespaces = settings.namespaces().toArray(String[]::new);
    IpAllocator allocator = provisioning.allocator();
    CertificateIssuers issuers = provisioning.issuers();
    operator.register(new CvlanReconciler(statuses, events, allocator, issuers, new PeerShardWriter(client),
        new PublishThrottle(settings.clock(), PublishThrottle.DEFAULT_INTERVAL), metrics), o -> watch(o, namespaces));
    operator.register(new RegistrationTokenReconciler(statuses, events, new RegistrationTokenSecret(tokens, settings.registrationApi()),
        new RegistrationConfigMap(settings.registrationApi()),
        settings.clock(), metrics), o -> watch(o, namespaces));
    operator.register(new NodeReconciler(statuses, events, allocator, issuers, settings.clock(), metrics), o -> {
      watch(o, namespaces);
      // The most numerous kind: kept without its CSR and certificate, which the reconciler reads when it needs them.
      o.withItemStore(Trims.store());
    });
    operator.register(new VRouterReconciler(statuses, events, allocator, issuers,
        new JoinTokenSecret(tokens, settings.registrationApi(), settings.clock()), settings.clock(), metrics), o -> watch(o, namespaces));
    operator.start();
    ClaimRepair repair = new ClaimRepair(client, allocator, settings.namespaces(), settings.clock()).start();
    return new CvlanOperator(operator, repair, own);
  }

  private static void watch(io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider<?> o, String[] namespaces) {
    o.withInformerListLimit(Trims.LIST_LIMIT);
    if (namespaces.length > 0) {
      o.settingNamespaces(namespaces);
    }
  }

  @Override
  public void close() {
    repair.close();
    operator.stop();
    ownProvisioning.ifPresent(Provisioning::close);
  }
}
