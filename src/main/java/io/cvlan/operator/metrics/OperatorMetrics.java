package io.cvlan.operator.metrics;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The operator's Prometheus metrics. Reconcile counts come from JOSDK's {@link Metrics} callbacks (its
 * Micrometer module is not on the classpath, and two callbacks are all it takes); the rest is reported by
 * the reconcilers as they compute it. Per-object gauges are removed with their object, so a scrape never
 * shows a CVLAN that is gone.
 */
public final class OperatorMetrics implements Metrics {
  static final String RECONCILES = "cvlan.reconciles";
  static final String FREE_ADDRESSES = "cvlan.cvlan.free.addresses";
  static final String ALLOCATIONS = "cvlan.allocations";
  static final String TOKEN_USES = "cvlan.token.uses";
  static final String CERTIFICATE_EXPIRY = "cvlan.certificate.expiry";

  private final MeterRegistry registry;
  private final Clock clock;
  private final Map<Tags, AtomicLong> free = new ConcurrentHashMap<>();
  private final Map<Tags, AtomicLong> uses = new ConcurrentHashMap<>();
  private final Map<Tags, AtomicReference<Instant>> notAfter = new ConcurrentHashMap<>();

  public OperatorMetrics(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  @Override
  public void finishedReconciliation(HasMetadata resource, Map<String, Object> metadata) {
    reconciled(metadata, resource, "success");
  }

  @Override
  public void failedReconciliation(HasMetadata resource, Exception exception, Map<String, Object> metadata) {
    reconciled(metadata, resource, "error");
  }

  private void reconciled(Map<String, Object> metadata, HasMetadata resource, String outcome) {
    Object controller = metadata == null ? null : metadata.get(Constants.CONTROLLER_NAME);
    Counter.builder(RECONCILES)
        .description("Reconciles by controller and outcome")
        .tags("controller", controller == null ? resource.getKind().toLowerCase() : controller.toString(), "outcome", outcome)
        .register(registry)
        .increment();
  }

  public void freeAddresses(String namespace, String cvlan, long count) {
    Tags tags = Tags.of("namespace", namespace, "cvlan", cvlan);
    free.computeIfAbsent(tags, t -> {
      AtomicLong value = new AtomicLong();
      Gauge.builder(FREE_ADDRESSES, value, AtomicLong::get).description("Free IPv4 addresses of a CVLAN").tags(t).register(registry);
      return value;
    }).set(count);
  }

  public void cvlanDeleted(String namespace, String cvlan) {
    forget(free, FREE_ADDRESSES, Tags.of("namespace", namespace, "cvlan", cvlan));
  }

  /** A node or vrouter was given an address it did not hold before. */
  public void allocated(String namespace, String cvlan) {
    Counter.builder(ALLOCATIONS).description("Addresses handed out").tags("namespace", namespace, "cvlan", cvlan)
        .register(registry).increment();
  }

  public void tokenUses(String namespace, String token, long count) {
    Tags tags = Tags.of("namespace", namespace, "token", token);
    uses.computeIfAbsent(tags, t -> {
      AtomicLong value = new AtomicLong();
      Gauge.builder(TOKEN_USES, value, AtomicLong::get).description("Registrations made with a RegistrationToken").tags(t).register(registry);
      return value;
    }).set(count);
  }

  public void tokenDeleted(String namespace, String token) {
    forget(uses, TOKEN_USES, Tags.of("namespace", namespace, "token", token));
  }

  /** Seconds until the certificate's notAfter, computed at scrape time: an alert needs no reconcile to fire. */
  public void certificate(String namespace, String name, Instant expiresAt) {
    Tags tags = Tags.of("namespace", namespace, "name", name);
    notAfter.computeIfAbsent(tags, t -> {
      AtomicReference<Instant> value = new AtomicReference<>();
      Gauge.builder(CERTIFICATE_EXPIRY, value, v -> Duration.between(clock.instant(), v.get()).toMillis() / 1000.0)
          .description("Seconds until a node certificate's notAfter").baseUnit("seconds").tags(t).register(registry);
      return value;
    }).set(expiresAt);
  }

  public void certificateGone(String namespace, String name) {
    forget(notAfter, CERTIFICATE_EXPIRY, Tags.of("namespace", namespace, "name", name));
  }

  private void forget(Map<Tags, ?> values, String meter, Tags tags) {
    if (values.remove(tags) != null) {
      var gauge = registry.find(meter).tags(tags).gauge();
      if (gauge != null) {
        registry.remove(gauge);
      }
    }
  }
}
