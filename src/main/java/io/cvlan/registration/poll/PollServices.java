package io.cvlan.registration.poll;

import io.cvlan.peers.PeerSnapshot;
import io.cvlan.registration.cache.ResourceCache;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Poll and discover assembled from the cache: what {@code Endpoints} routes to. */
public final class PollServices {
  private static final Logger log = LoggerFactory.getLogger(PollServices.class);
  /** How often signs of life are written; a replica that dies loses at most this much of them. */
  public static final Duration DEFAULT_SEEN_FLUSH = Duration.ofSeconds(5);
  /** Checked per Secret at most this often: how long a rotated CA takes to be trusted. */
  static final Duration CA_MAX_AGE = Duration.ofSeconds(30);

  private final PeerHistories histories;
  private final PollService poll;
  private final DiscoverService discover;
  private final SeenBatcher seen;
  private final NodeSelfService self;

  private PollServices(PeerHistories histories, PollService poll, DiscoverService discover, SeenBatcher seen, NodeSelfService self) {
    this.histories = histories;
    this.poll = poll;
    this.discover = discover;
    this.seen = seen;
    this.self = self;
  }

  /** Everything started: the history follows the peer ConfigMaps, signs of life flush every {@code seenFlush}. */
  public static PollServices start(KubernetesClient client, ResourceCache cache, Vertx vertx, MeterRegistry metrics,
      Clock clock, String publicUrl, Duration seenFlush) {
    PeerHistories histories = new PeerHistories(cache, clock, PeerHistory.Limits.DEFAULT);
    VersionWatch watch = new VersionWatch(vertx, histories::version);
    histories.start(moved -> watch.moved(moved.namespace(), moved.cvlan(), moved.version()));
    metrics.gauge("cvlan_api_long_polls_waiting", watch, VersionWatch::waiting);
    ClientCertificates certificates = new ClientCertificates(cache, new CaCertificates(client, CA_MAX_AGE), clock);
    SeenBatcher seen = new SeenBatcher(client, metrics);
    vertx.setPeriodic(seenFlush.toMillis(), id -> vertx.executeBlocking(() -> seen.flush(), false)
        .onFailure(e -> log.warn("lastSeen flush failed error={}", e.toString())));
    PollService poll = new PollService(certificates, histories, watch, new PollNonces(clock), seen, clock, cache);
    DiscoverService discover = new DiscoverService(cache, publicUrl, clock, DiscoverService.DEFAULT_RATE);
    return new PollServices(histories, poll, discover, seen, new NodeSelfService(client, certificates));
  }

  /** The CVLAN's published peers as last seen by this replica, kept up to date by ConfigMap events. */
  public PeerSnapshot snapshot(String namespace, String cvlan) {
    return histories.current(namespace, cvlan).snapshot();
  }

  public PollService poll() {
    return poll;
  }

  public DiscoverService discover() {
    return discover;
  }

  public NodeSelfService self() {
    return self;
  }

  /** Who a request presenting a client certificate comes from. */
  public ClientCertificates certificates() {
    return self.certificates();
  }

  public SeenBatcher seen() {
    return seen;
  }
}
