package io.cvlan.operator;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This replica's part in leader election on the Lease {@link OperatorSettings#LEASE_NAME}.
 *
 * <p>JOSDK 5.2.3 left alone calls {@code System.exit(1)} from its stop-leading callback — also when the stop
 * is our own, on the thread closing the operator inside a shutdown hook, where System.exit blocks for good:
 * SIGTERM hung until the hook gave up (31 s, exit 143). It also builds fabric8's elector with
 * {@code releaseOnCancel=false}, so a stopped leader kept the Lease and the standby waited out its 15 s.
 * Here leadership ending is an event instead ({@link #lost()}) that the process answers by stopping, and a
 * replica stopping on purpose hands the Lease on itself ({@link #release}) once its reconciles have drained.
 */
public final class LeaderLease {
  private static final Logger log = LoggerFactory.getLogger(LeaderLease.class);

  private final String namespace;
  private final String identity;
  private final Clock clock;
  private final AtomicBoolean steppingDown = new AtomicBoolean();
  private final AtomicBoolean leading = new AtomicBoolean();
  private final CompletableFuture<Void> lost = new CompletableFuture<>();

  LeaderLease(String namespace, String identity, Clock clock) {
    this.namespace = namespace;
    this.identity = identity;
    this.clock = clock;
  }

  /** Unique per process start: two replicas on one host, or one restarted, must never both think they hold it. */
  static String newIdentity() {
    String host = Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isBlank()).orElse(OperatorClient.FIELD_MANAGER);
    return host + "_" + UUID.randomUUID();
  }

  public String identity() {
    return identity;
  }

  public boolean leading() {
    return leading.get();
  }

  /**
   * Completes when this replica stops leading without having been asked to stop (renewal failed, another
   * replica took the Lease): its reconcilers must stop at once, the process should exit non-zero and restart.
   */
  public CompletionStage<Void> lost() {
    return lost;
  }

  LeaderElectionConfiguration configuration() {
    LeaderCallbacks callbacks = new LeaderCallbacks(this::startedLeading, this::stoppedLeading,
        leader -> log.info("lease={}/{} leader={}", namespace, OperatorSettings.LEASE_NAME, leader));
    return new LeaderElectionConfiguration(OperatorSettings.LEASE_NAME, namespace,
        LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE, LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
        LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE, identity, callbacks, false);
  }

  private void startedLeading() {
    leading.set(true);
    log.info("lease={}/{} identity={} leading", namespace, OperatorSettings.LEASE_NAME, identity);
  }

  /**
   * Runs on the thread that ends leadership: the elector's (lost), or the one stopping the operator (ours).
   * Never stops anything here: stopping the operator from the elector's thread would wait on that thread's pool.
   */
  private void stoppedLeading() {
    leading.set(false);
    if (steppingDown.get()) {
      log.info("lease={}/{} identity={} stepped down", namespace, OperatorSettings.LEASE_NAME, identity);
      return;
    }
    log.warn("lease={}/{} identity={} leadership lost; stopping", namespace, OperatorSettings.LEASE_NAME, identity);
    lost.complete(null);
  }

  /** What follows is this replica's own stop: leadership ending is expected, not news. */
  void stepDown() {
    steppingDown.set(true);
  }

  /**
   * Hands the Lease on if this replica still holds it, as client-go and fabric8 release one: no holder, one
   * second to live. A replace guarded by the resourceVersion read, so a Lease someone else took meanwhile is
   * left alone (409). Call only after the reconcilers have stopped: the standby starts reconciling at once.
   */
  boolean release(KubernetesClient client) {
    try {
      Lease lease = client.leases().inNamespace(namespace).withName(OperatorSettings.LEASE_NAME).get();
      if (lease == null || lease.getSpec() == null || !identity.equals(lease.getSpec().getHolderIdentity())) {
        return false;
      }
      ZonedDateTime now = ZonedDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
      lease.getSpec().setHolderIdentity(null);
      lease.getSpec().setLeaseDurationSeconds(1);
      lease.getSpec().setRenewTime(now);
      client.resource(lease).update();
      log.info("lease={}/{} identity={} released", namespace, OperatorSettings.LEASE_NAME, identity);
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        log.info("lease={}/{} identity={} taken meanwhile; nothing to release", namespace, OperatorSettings.LEASE_NAME, identity);
      } else {
        // The Lease then runs out by itself: the standby waits its duration, nothing worse.
        log.warn("lease={}/{} identity={} release failed error={}", namespace, OperatorSettings.LEASE_NAME, identity, e.getMessage());
      }
      return false;
    }
  }
}
