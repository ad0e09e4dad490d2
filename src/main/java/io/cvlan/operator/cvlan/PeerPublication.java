package io.cvlan.operator.cvlan;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.CVLANStatus;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.api.v1alpha1.VRouter;
import io.cvlan.peers.CvlanSettings;
import io.cvlan.peers.PeerCodec;
import io.cvlan.peers.PeerShardWriter;
import io.cvlan.peers.PeerMembership;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns a CVLAN's members into its peer ConfigMaps, at most once per throttle interval. */
final class PeerPublication {
  private static final Logger log = LoggerFactory.getLogger(PeerPublication.class);

  private final PeerShardWriter publisher;
  private final PublishThrottle throttle;

  PeerPublication(PeerShardWriter publisher, PublishThrottle throttle) {
    this.publisher = publisher;
    this.throttle = throttle;
  }

  /** Publishes and records the result in the status, or says how long to wait before the next try. */
  Optional<Duration> publish(CVLAN cvlan, CVLANStatus status, Collection<OverlayNode> nodes, Collection<VRouter> vrouters) {
    String key = PublishThrottle.key(cvlan);
    Optional<Duration> wait = throttle.waitBefore(key);
    if (wait.isPresent()) {
      return wait;
    }
    Map<String, String> entries = new LinkedHashMap<>();
    PeerMembership.members(cvlan.getMetadata().getName(), nodes, vrouters)
        .forEach((id, peer) -> entries.put(id, PeerCodec.toJson(peer)));
    var result = publisher.publish(cvlan, entries, PeerCodec.settingsToJson(CvlanSettings.of(cvlan)));
    if (result.shardsWritten() > 0) {
      throttle.published(key);
      log.info("namespace={} cvlan={} peers={} version={} shardsWritten={}", cvlan.getMetadata().getNamespace(),
          cvlan.getMetadata().getName(), entries.size(), result.version(), result.shardsWritten());
    }
    status.setPeerConfigMaps(result.configMapNames());
    status.setPeerVersion(result.version());
    return Optional.empty();
  }

  void forget(CVLAN cvlan) {
    publisher.deleteAll(cvlan.getMetadata().getNamespace(), cvlan.getMetadata().getName());
    throttle.forget(PublishThrottle.key(cvlan));
  }
}
