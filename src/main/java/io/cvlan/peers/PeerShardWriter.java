package io.cvlan.peers;

import io.cvlan.api.v1alpha1.Labels;
import io.cvlan.api.v1alpha1.CVLAN;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a CVLAN's peer set as sharded ConfigMaps (DESIGN §5). The caller hands over the complete desired
 * map at once, so any number of joins between two calls costs one write per changed shard.
 *
 * <p>The version lives only in the shards' {@code cvlan.io/version} annotations, so it survives operator
 * restarts without any other state: a publish reads the highest stored version and, only when some shard's
 * data differs, writes the changed shards with highest + 1. Unchanged shards keep their version, so an
 * agent watching them is not woken for nothing. Every update carries the resourceVersion it was computed
 * from; a conflict (another writer got there first) restarts the publish from a fresh read.
 */
public final class PeerShardWriter {
  private static final Logger log = LoggerFactory.getLogger(PeerShardWriter.class);
  private static final int MAX_ATTEMPTS = 5;

  private final KubernetesClient client;
  private final Runnable afterRead;

  public PeerShardWriter(KubernetesClient client) {
    this(client, () -> {});
  }

  /** {@code afterRead} runs between reading the stored shards and writing: tests race another writer there. */
  PeerShardWriter(KubernetesClient client, Runnable afterRead) {
    this.client = Objects.requireNonNull(client, "client");
    this.afterRead = Objects.requireNonNull(afterRead, "afterRead");
  }

  /** What a publish left in place: the version agents now see, every shard's name, and how many were written. */
  public record PublishResult(long version, List<String> configMapNames, int shardsWritten) {
    public PublishResult {
      configMapNames = List.copyOf(configMapNames);
    }
  }

  /**
   * Makes the CVLAN's peer ConfigMaps hold exactly {@code entries} (node id → {@link PeerCodec} JSON) and
   * {@code cvlanJson}.
   */
  public PublishResult publish(CVLAN cvlan, Map<String, String> entries, String cvlanJson) {
    List<Map<String, String>> layout = PeerShards.layout(entries, cvlanJson);
    for (int attempt = 1; ; attempt++) {
      try {
        return publishOnce(cvlan, layout);
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == MAX_ATTEMPTS) {
          throw e;
        }
        log.info("namespace={} cvlan={} peers conflict attempt={} retrying", cvlan.getMetadata().getNamespace(),
            cvlan.getMetadata().getName(), attempt);
      }
    }
  }

  private PublishResult publishOnce(CVLAN cvlan, List<Map<String, String>> layout) {
    String namespace = cvlan.getMetadata().getNamespace();
    String name = cvlan.getMetadata().getName();
    Map<String, ConfigMap> stored = stored(namespace, name);
    long highest = stored.values().stream()
        .mapToLong(cm -> PeerConfigMaps.versionOf(cm).orElse(0L))
        .max().orElse(0L);

    List<String> names = new ArrayList<>(layout.size());
    List<Integer> changed = new ArrayList<>();
    for (int shard = 0; shard < layout.size(); shard++) {
      String shardName = PeerShards.configMapName(name, shard);
      names.add(shardName);
      ConfigMap current = stored.get(shardName);
      if (current == null || !layout.get(shard).equals(dataOf(current)) || !ownedBy(current, cvlan)) {
        changed.add(shard);
      }
    }
    List<ConfigMap> surplus = stored.values().stream().filter(cm -> !names.contains(cm.getMetadata().getName())).toList();
    if (!surplus.isEmpty() && !changed.contains(0)) {
      // A deleted shard may carry the highest version: shard 0 takes the new one over, or a later publish
      // would read a lower highest and hand out a version number twice.
      changed.add(0, 0);
    }
    if (changed.isEmpty() && surplus.isEmpty()) {
      return new PublishResult(highest, names, 0);
    }

    afterRead.run();
    long version = highest + 1;
    // New and changed shards first, surplus last: while a reshard is under way a watcher may see an entry
    // twice (same value), never lose one.
    List<String> written = changed.stream().map(names::get).toList();
    for (int shard : changed) {
      ConfigMap desired = PeerConfigMaps.desired(cvlan, shard, layout.get(shard), version, written, names);
      write(desired, stored.get(desired.getMetadata().getName()));
    }
    for (ConfigMap cm : surplus) {
      client.configMaps().inNamespace(namespace).withName(cm.getMetadata().getName()).delete();
    }
    log.info("namespace={} cvlan={} peers published version={} shards={} written={} deleted={}",
        namespace, name, version, layout.size(), changed.size(), surplus.size());
    return new PublishResult(version, names, changed.size());
  }

  private void write(ConfigMap desired, ConfigMap current) {
    String namespace = desired.getMetadata().getNamespace();
    if (current == null) {
      try {
        client.configMaps().inNamespace(namespace).resource(desired).create();
        return;
      } catch (KubernetesClientException e) {
        // Taken by a labelled shard: another writer created it since our read, so the whole publish
        // retries from a fresh read. Taken by an object the selector could not find (labels edited away):
        // the name is this CVLAN's by contract, so take the object over rather than fail forever.
        current = client.configMaps().inNamespace(namespace).withName(desired.getMetadata().getName()).get();
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || current == null || isShard(current, desired)) {
          throw e;
        }
      }
    }
    desired.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
    client.configMaps().inNamespace(namespace).resource(desired).update();
  }

  /** Removes every peer shard of a CVLAN: owner references are not enough without a garbage collector. */
  public void deleteAll(String namespace, String cvlan) {
    for (ConfigMap cm : stored(namespace, cvlan).values()) {
      client.configMaps().inNamespace(namespace).withName(cm.getMetadata().getName()).delete();
    }
    log.info("namespace={} cvlan={} peers deleted", namespace, cvlan);
  }

  /** The CVLAN's shards by name; the name pattern guards against a stray object carrying the labels. */
  private Map<String, ConfigMap> stored(String namespace, String cvlan) {
    Pattern shardName = Pattern.compile(Pattern.quote(cvlan) + "-peers-(0|[1-9][0-9]*)");
    Map<String, ConfigMap> byName = new HashMap<>();
    for (ConfigMap cm : client.configMaps().inNamespace(namespace).withLabels(PeerConfigMaps.selector(cvlan)).list().getItems()) {
      if (shardName.matcher(cm.getMetadata().getName()).matches()) {
        byName.put(cm.getMetadata().getName(), cm);
      }
    }
    return byName;
  }

  private static boolean isShard(ConfigMap cm, ConfigMap desired) {
    Map<String, String> labels = cm.getMetadata().getLabels();
    return labels != null && labels.entrySet().containsAll(
        PeerConfigMaps.selector(desired.getMetadata().getLabels().get(Labels.CVLAN)).entrySet());
  }

  /** A shard left by an earlier CVLAN of the same name is rewritten: its owner would take it away. */
  private static boolean ownedBy(ConfigMap cm, CVLAN cvlan) {
    String uid = cvlan.getMetadata().getUid();
    return uid == null || cm.getMetadata().getOwnerReferences().stream()
        .anyMatch(ref -> uid.equals(ref.getUid()) && Boolean.TRUE.equals(ref.getController()));
  }

  private static Map<String, String> dataOf(ConfigMap cm) {
    return cm.getData() == null ? Map.of() : cm.getData();
  }
}
