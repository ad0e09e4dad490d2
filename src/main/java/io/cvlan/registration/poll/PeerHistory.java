package io.cvlan.registration.poll;

import io.cvlan.peers.Peer;
import io.cvlan.peers.PeerSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * One CVLAN's peer set and, for every version this replica has seen, which ids changed or went away at it.
 * Immutable: {@link #advance} returns the next history, so the adapter swaps a reference and readers never
 * lock. The history is bounded (versions and age); a client further behind than it gets the full list,
 * which is always correct, only larger.
 */
public final class PeerHistory {
  /** How much history to keep: at most {@code versions} entries, none older than {@code age}. */
  public record Limits(int versions, Duration age) {
    public static final Limits DEFAULT = new Limits(1_000, Duration.ofMinutes(10));
  }

  /** The ids touched at one version. */
  record Step(long version, Instant at, Set<String> changed, Set<String> removed) {}

  private final Limits limits;
  private final long version;
  /** Deltas are exact for any client at this version or later; older clients get the full list. */
  private final long base;
  private final Map<String, Peer> peers;
  private final PeerSnapshot snapshot;
  private final List<Step> steps;

  private PeerHistory(Limits limits, long version, long base, PeerSnapshot snapshot, List<Step> steps) {
    this.limits = limits;
    this.version = version;
    this.base = base;
    this.snapshot = snapshot;
    this.peers = snapshot.peers();
    this.steps = List.copyOf(steps);
  }

  /** The first snapshot this replica sees: no history yet, only clients at exactly this version get deltas. */
  public static PeerHistory start(PeerSnapshot snapshot, Limits limits) {
    return new PeerHistory(limits, snapshot.version(), snapshot.version(), snapshot, List.of());
  }

  public long version() {
    return version;
  }

  public PeerSnapshot snapshot() {
    return snapshot;
  }

  /**
   * The history after the CVLAN's ConfigMaps now read as {@code next}. A version that does not move forward
   * (an unrelated ConfigMap event, an older shard) only refreshes the peers at the same version: shards of one
   * publish arrive one by one with the same version, so their changes join that version's step. A version
   * going backwards means the CVLAN was recreated: the history starts over.
   */
  public PeerHistory advance(PeerSnapshot next, Instant now) {
    if (next.version() < version) {
      return start(next, limits);
    }
    Set<String> changed = new HashSet<>();
    Set<String> removed = new HashSet<>();
    next.peers().forEach((id, peer) -> {
      if (!Objects.equals(peers.get(id), peer)) {
        changed.add(id);
      }
    });
    peers.keySet().stream().filter(id -> !next.peers().containsKey(id)).forEach(removed::add);
    if (changed.isEmpty() && removed.isEmpty() && next.version() == version) {
      return new PeerHistory(limits, version, base, next, steps);
    }
    Deque<Step> kept = new ArrayDeque<>(steps);
    Step last = kept.peekLast();
    if (last != null && last.version() == next.version()) {
      kept.removeLast();
      changed.addAll(last.changed());
      removed.addAll(last.removed());
      // A peer added and removed within one version is only removed; removed and back is only changed.
      changed.removeIf(id -> !next.peers().containsKey(id));
      removed.removeIf(next.peers()::containsKey);
      kept.addLast(new Step(next.version(), last.at(), changed, removed));
    } else if (next.version() > version) {
      kept.addLast(new Step(next.version(), now, changed, removed));
    } else {
      // Same version, no step for it (it predates this replica): no client can be told precisely.
      return new PeerHistory(limits, version, next.version(), next, List.of());
    }
    long newBase = base;
    Instant oldest = now.minus(limits.age());
    while (kept.size() > limits.versions() || (!kept.isEmpty() && kept.peekFirst().at().isBefore(oldest))) {
      newBase = kept.removeFirst().version();
    }
    return new PeerHistory(limits, next.version(), newBase, next, new ArrayList<>(kept));
  }

  /**
   * What a client at {@code lastSeen} lacks. Absent, 0, older than the history or newer than this replica
   * knows (a recreated CVLAN, a lagging cache): the full list.
   */
  public PeerDelta since(Long lastSeen) {
    if (lastSeen == null || lastSeen <= 0 || lastSeen < base || lastSeen > version) {
      return new PeerDelta(version, true, List.copyOf(peers.values()), Set.of());
    }
    Set<String> changed = new HashSet<>();
    Set<String> removed = new HashSet<>();
    for (Step step : steps) {
      if (step.version() > lastSeen) {
        changed.addAll(step.changed());
        removed.addAll(step.removed());
      }
    }
    Map<String, Peer> out = new TreeMap<>();
    changed.stream().filter(peers::containsKey).forEach(id -> out.put(id, peers.get(id)));
    removed.removeIf(peers::containsKey);
    return new PeerDelta(version, false, List.copyOf(out.values()), removed);
  }
}
