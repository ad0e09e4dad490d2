package io.cvlan.peers;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.CVLANSpec;
import io.cvlan.api.v1alpha1.DnsSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * How a CVLAN's peer entries are spread over ConfigMaps, as pure functions. A ConfigMap is limited to
 * 1 MiB (etcd's object limit); shards keep each one well under it. The shard count is the smallest power
 * of two that fits, and a node's shard is a stable hash of its id, so doubling the count moves a node
 * only from shard i to shard i + n: watchers see few moves and a node's entry never depends on the others.
 */
public final class PeerShards {
  /** The hard limit for a whole serialized peer ConfigMap. */
  public static final int MAX_SHARD_BYTES = 512 * 1024;
  /** The budget for a shard's data; the rest of {@link #MAX_SHARD_BYTES} is left to metadata and annotations. */
  public static final int SHARD_BUDGET_BYTES = 384 * 1024;
  /** The data key of shard 0 holding {@link CvlanSettings}. */
  public static final String CVLAN_JSON = "cvlan.json";
  /** Far beyond any CVLAN (a /8 in 384 KiB shards needs ~8k); a guard against an endless layout. */
  static final int MAX_SHARDS = 1 << 16;

  private PeerShards() {}

  /**
   * The data of each shard, index = shard number: every entry in the shard of its id, {@code cvlan.json}
   * in shard 0, and no shard's serialized data above {@link #SHARD_BUDGET_BYTES}.
   *
   * @throws IllegalArgumentException if a single entry (or {@code cvlan.json}) exceeds the budget
   */
  public static List<Map<String, String>> layout(Map<String, String> entries, String cvlanJson) {
    if (entries.containsKey(CVLAN_JSON)) {
      throw new IllegalArgumentException("node id " + CVLAN_JSON + " collides with the settings key");
    }
    int n = entries.size();
    String[] ids = new String[n];
    long[] hashes = new long[n];
    long[] sizes = new long[n];
    int i = 0;
    for (Map.Entry<String, String> e : entries.entrySet()) {
      ids[i] = e.getKey();
      hashes[i] = hash(e.getKey());
      sizes[i] = entryBytes(e.getKey(), e.getValue());
      if (sizes[i] + 2 > SHARD_BUDGET_BYTES) {
        throw new IllegalArgumentException("peer " + e.getKey() + " alone is " + sizes[i] + " bytes, above the shard budget");
      }
      i++;
    }
    long settingsBytes = entryBytes(CVLAN_JSON, cvlanJson);
    if (settingsBytes + 2 > SHARD_BUDGET_BYTES) {
      throw new IllegalArgumentException(CVLAN_JSON + " alone is " + settingsBytes + " bytes, above the shard budget");
    }

    int shards = 1;
    while (!fits(hashes, sizes, settingsBytes, shards)) {
      shards *= 2;
      if (shards > MAX_SHARDS) {
        throw new IllegalArgumentException(n + " peers do not fit in " + MAX_SHARDS + " shards");
      }
    }

    List<Map<String, String>> layout = new ArrayList<>(shards);
    for (int s = 0; s < shards; s++) {
      layout.add(new TreeMap<>());
    }
    layout.get(0).put(CVLAN_JSON, cvlanJson);
    for (int k = 0; k < n; k++) {
      layout.get((int) (hashes[k] % shards)).put(ids[k], entries.get(ids[k]));
    }
    return layout.stream().map(Collections::unmodifiableMap).toList();
  }

  /** The shard of node {@code id} among {@code shards}: first 4 bytes of SHA-256(id), unsigned, mod shards. */
  public static int shardOf(String id, int shards) {
    if (shards < 1) {
      throw new IllegalArgumentException("shards must be at least 1, got " + shards);
    }
    return (int) (hash(id) % shards);
  }

  /** {@code <cvlan>-peers-<shard>}. */
  public static String configMapName(String cvlan, int shard) {
    return cvlan + "-peers-" + shard;
  }

  /**
   * The largest serialized peer ConfigMap (JSON, metadata included) for {@code nodes} synthetic but
   * realistic peers: 44-character keys, IPv4 and IPv6, two endpoints, three taints. The figure behind
   * {@code largest_peer_configmap_bytes} of {@code bench ipam}.
   */
  public static long largestConfigMapBytes(int nodes) {
    Random random = new Random(42);
    Map<String, String> entries = new TreeMap<>();
    for (int k = 0; k < nodes; k++) {
      Peer peer = syntheticPeer(k, random);
      entries.put(peer.id(), PeerCodec.toJson(peer));
    }
    CVLAN cvlan = syntheticCvlan();
    String cvlanJson = PeerCodec.settingsToJson(CvlanSettings.of(cvlan));
    List<Map<String, String>> layout = layout(entries, cvlanJson);
    long largest = 0;
    List<String> names = java.util.stream.IntStream.range(0, layout.size())
        .mapToObj(s -> configMapName(cvlan.getMetadata().getName(), s)).toList();
    for (int s = 0; s < layout.size(); s++) {
      // A version as long as any real one will get, and a publish that wrote every shard.
      String json = Serialization.asJson(PeerConfigMaps.desired(cvlan, s, layout.get(s), Long.MAX_VALUE, names, names));
      largest = Math.max(largest, json.getBytes(StandardCharsets.UTF_8).length);
    }
    return largest;
  }

  private static Peer syntheticPeer(int k, Random random) {
    byte[] key = new byte[32];
    random.nextBytes(key);
    // A bijection of k on 32 bits: unique ids that look random.
    String id = String.format("node-%08x", (k * 2654435761L) & 0xffffffffL);
    String ipv4 = "10." + ((k >> 16) & 0xff) + "." + ((k >> 8) & 0xff) + "." + (k & 0xff);
    String ipv6 = String.format("fd00:100:0:0:0:0:%x:%x", (k >> 16) & 0xffff, k & 0xffff);
    List<PeerEndpoint> endpoints = List.of(
        new PeerEndpoint("203.0." + (113 + (k >> 16 & 0x7)) + "." + (k & 0xff), 51820),
        new PeerEndpoint("192.168." + ((k >> 8) & 0xff) + "." + (k & 0xff), 51820));
    List<String> taints = List.of("team-" + (k % 17), "env-production", "region-eu-west-" + (k % 3));
    return Peer.node(id, Base64.getEncoder().encodeToString(key), ipv4, ipv6, endpoints, taints);
  }

  private static CVLAN syntheticCvlan() {
    CVLAN cvlan = new CVLAN();
    cvlan.getMetadata().setName("bench");
    cvlan.getMetadata().setNamespace("bench");
    cvlan.getMetadata().setUid("00000000-0000-4000-8000-000000000000");
    CVLANSpec spec = new CVLANSpec();
    spec.setCidr("10.0.0.0/8");
    spec.setIpv6Cidr("fd00:100::/64");
    DnsSpec dns = new DnsSpec();
    dns.setNameservers(List.of("10.0.0.2"));
    dns.setSearchDomains(List.of("bench.cvlan.internal"));
    spec.setDns(dns);
    cvlan.setSpec(spec);
    return cvlan;
  }

  private static boolean fits(long[] hashes, long[] sizes, long settingsBytes, int shards) {
    long[] bytes = new long[shards];
    int[] counts = new int[shards];
    bytes[0] = settingsBytes;
    counts[0] = 1;
    for (int k = 0; k < hashes.length; k++) {
      int s = (int) (hashes[k] % shards);
      bytes[s] += sizes[k];
      counts[s]++;
    }
    for (int s = 0; s < shards; s++) {
      // {"k":"v","k2":"v2"}: braces plus a comma between entries.
      if (2 + bytes[s] + Math.max(0, counts[s] - 1) > SHARD_BUDGET_BYTES) {
        return false;
      }
    }
    return true;
  }

  /** Bytes of {@code "key":"value"} as a JSON serializer writes it (escapes included). */
  static long entryBytes(String key, String value) {
    JsonStringEncoder encoder = JsonStringEncoder.getInstance();
    return encoder.quoteAsUTF8(key).length + encoder.quoteAsUTF8(value).length + 5L;
  }

  private static long hash(String id) {
    byte[] digest = sha256().digest(id.getBytes(StandardCharsets.UTF_8));
    return ((digest[0] & 0xffL) << 24) | ((digest[1] & 0xffL) << 16) | ((digest[2] & 0xffL) << 8) | (digest[3] & 0xffL);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
