package io.cvlan.peers;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.Collection;
import java.util.Collections;
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
public record PeerSnapshot(long version, Map<String, Peer> peers, Optional<CvlanSettings> settings) {
  private static final Logger log = LoggerFactory.getLogger(PeerSnapshot.class);

  public PeerSnapshot {
    peers = Collections.unmodifiableMap(new TreeMap<>(peers));
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
    return new PeerSnapshot(version, peers, settings);
  }
}
