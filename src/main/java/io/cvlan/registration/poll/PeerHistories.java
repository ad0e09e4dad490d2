package io.cvlan.registration.poll;

import io.cvlan.api.v1alpha1.Labels;
import io.cvlan.registration.cache.ResourceCache;
import io.cvlan.peers.PeerSnapshot;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.time.Clock;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * The thin adapter between the peer ConfigMap informer and {@link PeerHistory}: every event re-reads the
 * CVLAN's shards from the cache, advances its history and tells the {@link VersionWatch}.
 */
public final class PeerHistories implements ResourceEventHandler<ConfigMap> {
  private final ResourceCache cache;
  /** A CVLAN's peer ConfigMaps (namespace, cvlan), as the cache holds them. */
  private final BiFunction<String, String, List<ConfigMap>> shards;
  private final Clock clock;
  private final PeerHistory.Limits limits;
  private final ConcurrentMap<String, PeerHistory> histories = new ConcurrentHashMap<>();
  private volatile Consumer<Moved> listener = moved -> {};

  /** A CVLAN's peer version after an event. */
  public record Moved(String namespace, String cvlan, long version) {}

  public PeerHistories(ResourceCache cache, Clock clock, PeerHistory.Limits limits) {
    this(cache, cache::peerConfigMaps, clock, limits);
  }

  /** For a test: shards from {@code shards}, fed by calling the handler; {@link #start} needs a cache. */
  PeerHistories(BiFunction<String, String, List<ConfigMap>> shards, Clock clock, PeerHistory.Limits limits) {
    this(null, shards, clock, limits);
  }

  private PeerHistories(ResourceCache cache, BiFunction<String, String, List<ConfigMap>> shards, Clock clock,
      PeerHistory.Limits limits) {
    this.cache = cache;
    this.shards = shards;
    this.clock = clock;
    this.limits = limits;
  }

  public PeerHistories start(Consumer<Moved> onMove) {
    this.listener = onMove;
    cache.peerConfigMapInformer().addEventHandler(this);
    return this;
  }

  /** The CVLAN's history; read from the cache on first use (a CVLAN with no shards yet is at version 0). */
  public PeerHistory current(String namespace, String cvlan) {
    return histories.computeIfAbsent(ResourceCache.key(namespace, cvlan),
        k -> PeerHistory.start(told(PeerSnapshot.of(shards.apply(namespace, cvlan))), limits));
  }

  public long version(String namespace, String cvlan) {
    return current(namespace, cvlan).version();
  }

  private void refresh(ConfigMap cm) {
    Map<String, String> labels = cm.getMetadata().getLabels();
    String cvlan = labels == null ? null : labels.get(Labels.CVLAN);
    if (cvlan == null) {
      return;
    }
    String namespace = cm.getMetadata().getNamespace();
    PeerSnapshot snapshot = PeerSnapshot.of(shards.apply(namespace, cvlan));
    // Halfway through a publish: clients told this version now would never hear of the shards still to
    // come (they carry the same version). The history moves once the publish is whole.
    if (!snapshot.complete() && histories.containsKey(ResourceCache.key(namespace, cvlan))) {
      return;
    }
    PeerHistory next = histories.compute(ResourceCache.key(namespace, cvlan),
        (k, h) -> h == null ? PeerHistory.start(told(snapshot), limits) : h.advance(snapshot, clock.instant()));
    listener.accept(new Moved(namespace, cvlan, next.version()));
  }

  /** A first snapshot caught halfway through a publish starts the history a version lower. */
  private static PeerSnapshot told(PeerSnapshot snapshot) {
    return snapshot.complete() ? snapshot : snapshot.beforeLatest();
  }

  @Override
  public void onAdd(ConfigMap cm) {
    refresh(cm);
  }

  @Override
  public void onUpdate(ConfigMap older, ConfigMap newer) {
    refresh(newer);
  }

  @Override
  public void onDelete(ConfigMap cm, boolean deletedFinalStateUnknown) {
    refresh(cm);
  }
}
