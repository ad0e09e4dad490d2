package io.cvlan.peers;

import io.cvlan.testing.TestResources;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Valid peers for tests: the key is derived from the id, so equal ids give equal peers. */
final class TestPeers {
  private TestPeers() {}

  static String keyOf(String id) {
    return TestResources.publicKeyOf(id);
  }

  static Peer node(String id, String... taints) {
    int n = Math.floorMod(id.hashCode(), 250) + 2;
    return Peer.node(id, keyOf(id), "10.100.0." + n, null, List.of(new PeerEndpoint("198.51.100." + n, 51820)), List.of(taints));
  }

  static Peer vrouter(String id, String... routes) {
    return new Peer(id, keyOf(id), "10.100.255.1", null, List.of(new PeerEndpoint("203.0.113.1", 51820)), List.of(),
        PeerKind.vrouter, List.of(routes));
  }

  /** {@code count} node entries as the reconciler hands them to the publisher. */
  static Map<String, String> entries(int count) {
    Map<String, String> entries = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      String id = "node-" + i;
      Peer peer = Peer.node(id, keyOf(id), "10.100." + (i >> 8) + "." + (i & 0xff), "fd00:100::" + Integer.toHexString(i + 1),
          List.of(new PeerEndpoint("198.51.100." + (i & 0xff), 51820), new PeerEndpoint("192.168.0." + (i & 0xff), 51820)),
          List.of("team-" + (i % 7), "env-prod"));
      entries.put(id, PeerCodec.toJson(peer));
    }
    return entries;
  }
}
