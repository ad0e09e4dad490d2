package io.cvlan.peers;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A CVLAN's published peer list read back from its ConfigMaps: every peer by id, the CVLAN settings of
 * shard 0, and the version (the highest of the shards). What the API answers is what in-cluster agents
 * watch: one source of truth.
 */
public record PeerSnapshot(long version, Map<String, Peer> peers, Optional<CvlanSettings> settings, boolean complete) {
  private static final Logger log = LoggerFactory.getLogger(PeerSnapshot.class);

  public PeerSnapshot {
    peers = Collections.unmodifiableMap(new TreeMap<>(peers));
  }

  public PeerSnapshot(long version, Map<String, Peer> peers, Optional<CvlanSettings> settings) {
    this(version, peers, settings, true);
  }

  /**
   * As a version lower: what a snapshot caught halfway through a publish is, since some of the latest
   * version's shards are not in it yet. The rest of that version then arrives as news to whoever was told this.
   */
  public PeerSnapshot beforeLatest() {
    return new PeerSnapshot(Math.max(0, version - 1), peers, settings, true);
  }

  public static PeerSnapshot of(Collection<ConfigMap> shards) {
    long version = 0;
    Map<String, Peer> peers = new TreeMap<>();
    Optional<CvlanSettings> settings = Optional.empty();
    for (ConfigMap shard : shards) {
      version = Math.max(version, PeerConfigMaps.versionOf(shard).orElse(0));
      if (shard.getData() == null) {
        continue;
      }
      for (var entry : shard.getData().entrySet()) {
        try {
          if (PeerShards.CVLAN_JSON.equals(entry.getKey())) {
            settings = Optional.of(PeerCodec.settingsFromJson(entry.getValue()));
          } else {
            peers.put(entry.getKey(), PeerCodec.fromJson(entry.getKey(), entry.getValue()));
          }
        } catch (IllegalArgumentException e) {
          // One unreadable entry (a newer operator's format) must not hide the others.
          log.warn("configmap={} key={} skipped reason={}", shard.getMetadata().getName(), entry.getKey(), e.getMessage());
        }
      }
    }
    return new PeerSnapshot(version, peers, settings, whole(shards, version));
  }

  /**
   * Whether every shard the latest publish wrote is at its version and no shard outside its layout is left
   * (a publish writes shards one by one, and deletes surplus ones last). Shards of an operator that did not
   * annotate what it wrote count as whole.
   */
  static boolean whole(Collection<ConfigMap> shards, long version) {
    Map<String, Long> versions = new java.util.HashMap<>();
    shards.forEach(cm -> versions.put(cm.getMetadata().getName(), PeerConfigMaps.versionOf(cm).orElse(0)));
    Optional<ConfigMap> latest = shards.stream().filter(cm -> versions.get(cm.getMetadata().getName()) == version)
        .filter(cm -> !PeerConfigMaps.names(cm, PeerConfigMaps.WRITTEN_ANNOTATION).isEmpty()).findFirst();
    if (latest.isEmpty()) {
      return true;
    }
    List<String> layout = PeerConfigMaps.names(latest.get(), PeerConfigMaps.SHARDS_ANNOTATION);
    return PeerConfigMaps.names(latest.get(), PeerConfigMaps.WRITTEN_ANNOTATION).stream()
        .allMatch(name -> versions.getOrDefault(name, -1L) >= version)
        && layout.containsAll(versions.keySet());
  }
}
