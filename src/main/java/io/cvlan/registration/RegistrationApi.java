package io.cvlan.registration;

import io.cvlan.model.Provisioning;
import java.util.Optional;
import io.cvlan.registration.cache.ResourceCache;
import io.cvlan.registration.http.ServerTls;
import io.cvlan.registration.http.RegistrationServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.cvlan.registration.poll.PollServices;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registration API of DESIGN §4, assembled: caches, endpoint services and the HTTPS server. Every
 * operator replica runs one; all state is in the Kubernetes API.
 */
public final class RegistrationApi implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RegistrationApi.class);
  /** Workers run the endpoint logic that calls the Kubernetes API; long-polls hold none of them. */
  static final int WORKERS = 64;
  /** A registration takes well under a second, even with a certificate to sign. */
  static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);

  /**
   * Where to listen, the serving certificate, the URL clients reach it at, and how often polls' signs of life
   * (lastSeen, endpoints) are written.
   */
  public record Settings(String host, int port, ServerTls tls, String publicUrl, Clock clock, Duration seenFlushInterval) {
    public Settings(String host, int port, ServerTls tls, String publicUrl, Clock clock) {
      this(host, port, tls, publicUrl, clock, PollServices.DEFAULT_SEEN_FLUSH);
    }
  }

  private final Vertx vertx;
  private final ResourceCache cache;
  private final Optional<Provisioning> ownProvisioning;
  private final ExecutorService workers;
  private final RegistrationServer server;
  private final int port;

  private RegistrationApi(Vertx vertx, ResourceCache cache, Optional<Provisioning> ownProvisioning, ExecutorService workers,
      RegistrationServer server, int port) {
    this.vertx = vertx;
    this.cache = cache;
    this.ownProvisioning = ownProvisioning;
    this.workers = workers;
    this.server = server;
    this.port = port;
  }

  /** With provisioning of its own: for a process that runs the API without the operator beside it. */
  public static RegistrationApi start(KubernetesClient client, Settings settings, PrometheusMeterRegistry metrics) {
    Provisioning provisioning = Provisioning.start(client, settings.clock());
    return start(client, settings, metrics, provisioning, Optional.of(provisioning));
  }

  /** Sharing the process' {@link Provisioning} with the operator: one claim index, one CA cache. */
  public static RegistrationApi start(KubernetesClient client, Settings settings, PrometheusMeterRegistry metrics,
      Provisioning provisioning) {
    return start(client, settings, metrics, provisioning, Optional.empty());
  }

  private static RegistrationApi start(KubernetesClient client, Settings settings, PrometheusMeterRegistry metrics,
      Provisioning provisioning, Optional<Provisioning> own) {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    ResourceCache cache = new ResourceCache(client, provisioning.scope(), provisioning.nodes()).start();
    ExecutorService workers = Executors.newFixedThreadPool(WORKERS, named("registration-worker"));
    RegistrationServer server = new RegistrationServer(vertx, metrics, workers, settings.clock(), cache::synced);
    Routes.register(server, new Routes.Dependencies(client, cache, provisioning, settings, metrics, vertx));
    int port = server.listen(settings.host(), settings.port(), settings.tls()).toCompletableFuture().join();
    log.info("registration API started port={} url={}", port, settings.publicUrl());
    return new RegistrationApi(vertx, cache, own, workers, server, port);
  }

  public int port() {
    return port;
  }

  public ResourceCache cache() {
    return cache;
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread thread = new Thread(r, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * Stops taking requests, lets those in flight finish their writes and answer (a registration half-done is
   * repaired, but one finished is cheaper), then closes the connections: long-polls end and their agents poll
   * a replica still serving.
   */
  @Override
  public void close() {
    long started = System.nanoTime();
    server.drain();
    workers.shutdown();
    try {
      if (!workers.awaitTermination(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("registration API requests still running after drainTimeoutMs={}; interrupting", DRAIN_TIMEOUT.toMillis());
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
    server.close();
    log.info("registration API stopped drainedInMs={}", (System.nanoTime() - started) / 1_000_000);
    cache.close();
    ownProvisioning.ifPresent(Provisioning::close);
    vertx.close();
  }
}
