package io.cvlan.bench;

import io.cvlan.agent.wireguard.HostCommands;
import io.cvlan.agent.wireguard.InterfaceConfig;
import io.cvlan.agent.wireguard.PeerConfig;
import io.cvlan.agent.wireguard.PeerDiff;
import io.cvlan.agent.wireguard.UapiBackend;
import io.cvlan.agent.wireguard.WgToolBackend;
import io.cvlan.agent.wireguard.WireGuardBackend;
import io.cvlan.agent.wireguard.WireGuardGo;
import io.cvlan.agent.wireguard.WireGuardKeys;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Programming a real wireguard-go device by diff, in a netns of its own: N peers onto an empty device, then a
 * 10-peer diff (5 updates, 5 removals) on the full one, each timed as the agent runs it (read, diff, apply),
 * through the UAPI backend and through the {@code wg} tool on a second interface. Medians after a warm-up.
 * Needs root, wireguard-go, wg and ip. {@code cvlan bench wireguard} prints the figures as its last line.
 */
public final class WireGuardBench {
  public static final int DEFAULT_PEERS = 1000;
  public static final int DEFAULT_RUNS = 5;
  private static final int WARM_UP_RUNS = 3;
  private static final int UPDATES = 5;
  private static final int REMOVALS = 5;

  private WireGuardBench() {}

  /** Keys, in order: {@code uapi_1000_ms uapi_diff10_ms wg_1000_ms wg_diff10_ms rss_mb}. */
  public static Map<String, String> run(PrintStream out) {
    return run(out, DEFAULT_PEERS, DEFAULT_RUNS);
  }

  /** As {@link #run(PrintStream)} with {@code peers} (at least 10) and {@code runs} per figure. */
  public static Map<String, String> run(PrintStream out, int peers, int runs) {
    if (peers < UPDATES + REMOVALS) {
      throw new IllegalArgumentException("need at least " + (UPDATES + REMOVALS) + " peers, not " + peers);
    }
    try {
      return measure(out, peers, runs);
    } catch (IOException e) {
      throw new IllegalStateException("wireguard benchmark failed (it needs root, wireguard-go, wg and ip): "
          + e.getMessage(), e);
    }
  }

  private static Map<String, String> measure(PrintStream out, int peerCount, int runs) throws IOException {
    String id = Long.toString(new SecureRandom().nextLong() >>> 1, 36).substring(0, 5);
    String netns = "cvb-" + id;
    HostCommands.run(List.of("ip", "netns", "add", netns));
    List<WireGuardGo> devices = new ArrayList<>();
    try {
      devices.add(WireGuardGo.start("wgb" + id + "u", Optional.of(netns), Duration.ofSeconds(5)));
      devices.add(WireGuardGo.start("wgb" + id + "t", Optional.of(netns), Duration.ofSeconds(5)));
      out.printf("netns=%s uapi=%s wg=%s peers=%d runs=%d%n", netns, devices.get(0).iface(), devices.get(1).iface(),
          peerCount, runs);
      InterfaceConfig full = new InterfaceConfig(WireGuardKeys.generate().privateKey(), 0, peers(peerCount));
      Map<String, String> figures = new LinkedHashMap<>();
      Map<String, WireGuardBackend> backends = new LinkedHashMap<>();
      backends.put("uapi", new UapiBackend(devices.get(0).socket()));
      backends.put("wg", new WgToolBackend(devices.get(1).iface(), Optional.of(netns)));
      time(out, backends, full, runs, figures);
      figures.put("rss_mb", String.valueOf(rssMegabytes()));
      return figures;
    } finally {
      for (WireGuardGo device : devices) {
        device.close();
      }
      HostCommands.run(List.of("ip", "netns", "del", netns));
    }
  }

  /**
   * Runs alternate between the backends, so that load from elsewhere on the machine and the JIT's progress
   * fall on both alike.
   */
  private static void time(PrintStream out, Map<String, WireGuardBackend> backends, InterfaceConfig full, int runs,
      Map<String, String> figures) throws IOException {
    Random random = new Random(42);
    out.println("warming up ...");
    for (int i = 0; i < WARM_UP_RUNS; i++) {
      for (WireGuardBackend backend : backends.values()) {
        round(backend, full, random);
      }
    }
    Map<String, double[]> fullMs = new LinkedHashMap<>();
    Map<String, double[]> diffMs = new LinkedHashMap<>();
    backends.keySet().forEach(name -> {
      fullMs.put(name, new double[runs]);
      diffMs.put(name, new double[runs]);
    });
    for (int i = 0; i < runs; i++) {
      for (Map.Entry<String, WireGuardBackend> backend : backends.entrySet()) {
        double[] round = round(backend.getValue(), full, random);
        fullMs.get(backend.getKey())[i] = round[0];
        diffMs.get(backend.getKey())[i] = round[1];
      }
    }
    for (String name : backends.keySet()) {
      String fullKey = name + "_" + full.peers().size() + "_ms";
      String diffKey = name + "_diff" + (UPDATES + REMOVALS) + "_ms";
      figures.put(fullKey, format(median(fullMs.get(name))));
      figures.put(diffKey, format(median(diffMs.get(name))));
      out.printf("%s: %d peers onto an empty device %s ms (runs %s)%n", name, full.peers().size(),
          figures.get(fullKey), Arrays.toString(fullMs.get(name)));
      out.printf("%s: %d updates + %d removals %s ms (runs %s)%n", name, UPDATES, REMOVALS, figures.get(diffKey),
          Arrays.toString(diffMs.get(name)));
    }
  }

  /** From an empty device to the full set (timed), a 10-peer diff (timed), back to the full set: {full, diff} ms. */
  private static double[] round(WireGuardBackend backend, InterfaceConfig full, Random random) throws IOException {
    backend.sync(full.withPeers(List.of()));
    double fullMs = timedSync(backend, full, full.peers().size());
    double diffMs = timedSync(backend, tenChanges(full, random), UPDATES + REMOVALS);
    backend.sync(full);
    return new double[] {fullMs, diffMs};
  }

  private static double timedSync(WireGuardBackend backend, InterfaceConfig desired, int expectedChanges)
      throws IOException {
    long start = System.nanoTime();
    PeerDiff.Changes changes = backend.sync(desired);
    double ms = (System.nanoTime() - start) / 1e6;
    if (changes.peerChanges() != expectedChanges) {
      throw new IllegalStateException("expected " + expectedChanges + " peer changes, the diff had "
          + changes.peerChanges());
    }
    return Math.round(ms * 10) / 10.0;
  }

  /** The full set with 5 random peers moved to another endpoint and 5 others left out. */
  private static InterfaceConfig tenChanges(InterfaceConfig full, Random random) {
    List<PeerConfig> peers = new ArrayList<>(full.peers());
    Collections.shuffle(peers, random);
    List<PeerConfig> changed = new ArrayList<>(peers.subList(REMOVALS, peers.size()));
    for (int i = 0; i < UPDATES; i++) {
      PeerConfig peer = changed.get(i);
      changed.set(i, peer.withEndpoint("198.51.100." + (1 + random.nextInt(254)) + ":" + (40000 + random.nextInt(20000))));
    }
    return full.withPeers(changed);
  }

  /** Random keys, allowed IP 10.1.x.y/32, endpoint 198.51.100.x:51820. */
  private static List<PeerConfig> peers(int count) {
    List<PeerConfig> peers = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String allowed = "10.1." + (i / 256) + "." + (i % 256) + "/32";
      String endpoint = "198.51.100." + (1 + i % 254) + ":51820";
      peers.add(PeerConfig.of(WireGuardKeys.generate().publicKey(), endpoint, List.of(allowed), 0));
    }
    return peers;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  private static String format(double ms) {
    return String.format(Locale.ROOT, "%.1f", ms);
  }

  private static long rssMegabytes() throws IOException {
    long kilobytes = residentKilobytes(ProcessHandle.current().pid());
    return kilobytes < 0 ? -1 : Math.round(kilobytes / 1024.0);
  }

  /** VmRSS of a process, in kB, from /proc; -1 when the kernel does not report it. */
  static long residentKilobytes(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
