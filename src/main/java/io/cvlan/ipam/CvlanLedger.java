package io.cvlan.ipam;

import inet.ipaddr.IPAddress;
import inet.ipaddr.ipv4.IPv4Address;
import io.cvlan.api.v1alpha1.AllocationStrategy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Everything the allocator knows about the claims of one CVLAN (namespace, name): claims by object name,
 * by owner, and the free-address indexes. Claims can arrive from the informer before any allocation tells
 * the ledger the CVLAN's address space; the indexes are built from the claims once it does.
 */
final class CvlanLedger {
  private static final int TOMBSTONES = 4096;
  /** Lanes sequential picks keep to once contended ({@link Ipv4Index#lowestFreeInLane}): two writers share one 1 time in 8. */
  static final int LANES = 8;
  /** Uids of claims removed here, so a late event cannot bring one back; bounded, oldest forgotten first. */
  private final Map<String, Boolean> deleted = new java.util.LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > TOMBSTONES;
    }
  };

  /** This process' lane, drawn when another writer first takes an address picked here; -1 until then. */
  private int lane = -1;
  private final String cvlan;
  private final Map<String, Claim> byName = new HashMap<>();
  private final Map<OwnerRef, List<Claim>> byOwner = new HashMap<>();
  private long ipv4Claims;
  private AddressSpace space;
  private Ipv4Index ipv4;
  private Ipv6Index ipv6;

  CvlanLedger(String cvlan) {
    this.cvlan = cvlan;
  }

  /** Builds the indexes for this space, unless they already are for it (a recreated CVLAN may differ). */
  synchronized void bind(AddressSpace newSpace) {
    if (newSpace.equals(space)) {
      return;
    }
    space = newSpace;
    ipv4 = new Ipv4Index(newSpace);
    ipv6 = newSpace.ipv6().isPresent() ? new Ipv6Index(newSpace) : null;
    byName.values().forEach(this::mark);
  }

  /** Adds or replaces the claim of that name (informer events and own creates both land here). */
  synchronized void put(Claim claim) {
    if (claim.uid() != null && deleted.containsKey(claim.uid())) {
      // The informer can deliver an object's ADD after this process deleted it; uids never come back.
      return;
    }
    Claim previous = byName.put(claim.name(), claim);
    if (previous != null) {
      forget(previous);
    }
    claim.owner().ifPresent(owner -> byOwner.computeIfAbsent(owner, o -> new ArrayList<>(2)).add(claim));
    if (claim.family() == Family.IPV4) {
      ipv4Claims++;
    }
    mark(claim);
  }

  /**
   * Removes a claim by name. With a uid, only the claim of that object goes: a late delete event of an old
   * object must not free the address a newer object of the same name holds.
   */
  synchronized void remove(String name, String uid) {
    Claim current = byName.get(name);
    if (current == null || (uid != null && current.uid() != null && !uid.equals(current.uid()))) {
      return;
    }
    byName.remove(name);
    forget(current);
    if (current.uid() != null) {
      deleted.put(current.uid(), Boolean.TRUE);
    }
  }

  /** Another writer took the address just picked here (its create was refused: 409). */
  synchronized void lost(RandomGenerator random) {
    if (lane < 0) {
      lane = random.nextInt(LANES);
    }
  }

  /** Drops an unconfirmed claim this process made for a create that failed for another reason than 409. */
  synchronized void abandon(String name) {
    Claim current = byName.get(name);
    if (current != null && !current.confirmed()) {
      remove(name, null);
    }
  }

  /** The owner's claim of the family; should replicas have raced it into two, the lowest name, as on every replica. */
  synchronized Optional<Claim> held(OwnerRef owner, Family family) {
    return byOwner.getOrDefault(owner, List.of()).stream().filter(c -> c.family() == family)
        .min(java.util.Comparator.comparing(Claim::name));
  }

  /** The owner's claims of the family beyond the one it keeps: what two racing replicas left behind. */
  synchronized List<Claim> surplus(OwnerRef owner, Family family) {
    Optional<Claim> kept = held(owner, family);
    return byOwner.getOrDefault(owner, List.of()).stream()
        .filter(c -> c.family() == family && c.confirmed() && !kept.map(c::equals).orElse(false))
        .toList();
  }

  synchronized List<Claim> claims() {
    return List.copyOf(byName.values());
  }

  synchronized List<Claim> claimsOf(OwnerRef owner) {
    return List.copyOf(byOwner.getOrDefault(owner, List.of()));
  }

  synchronized long ipv4Claims() {
    return ipv4Claims;
  }

  /**
   * Picks a free IPv4 address and records an unconfirmed claim on it, so that no other thread of this
   * process picks it while the create is in flight. Once another writer (another replica) has taken an
   * address picked here ({@link #lost}), sequential picks keep to a lane ({@link Ipv4Index#lowestFreeInLane}):
   * both taking the lowest, two replicas collide on nearly every address. A lone writer never loses one and
   * hands out the lowest free address.
   */
  synchronized IPv4Address reserveIpv4(AllocationStrategy strategy, RandomGenerator random)
      throws CvlanExhaustedException {
    requireBound();
    int offset = strategy == AllocationStrategy.Random ? ipv4.randomFree(random)
        : lane >= 0 ? ipv4.lowestFreeInLane(lane, LANES) : ipv4.lowestFree();
    if (offset < 0) {
      throw CvlanExhaustedException.ipv4(cvlan, space.ipv4().toPrefixLengthString(), ipv4.allocated(),
          ipv4.capacity());
    }
    IPv4Address address = ipv4.address(offset);
    put(Claim.unconfirmed(ClaimNames.of(cvlan, address), Family.IPV4, address));
    return address;
  }

  synchronized IPAddress reserveIpv6(AllocationStrategy strategy, RandomGenerator random)
      throws CvlanExhaustedException {
    requireBound();
    if (ipv6 == null) {
      throw new IllegalStateException("CVLAN " + cvlan + " has no ipv6Cidr");
    }
    IPAddress address = (strategy == AllocationStrategy.Random ? ipv6.randomFree(random) : ipv6.lowestFree())
        .orElseThrow(() -> CvlanExhaustedException.ipv6(cvlan, space.ipv6().orElseThrow().toCompressedString()));
    put(Claim.unconfirmed(ClaimNames.of(cvlan, address), Family.IPV6, address));
    return address;
  }

  private void requireBound() {
    if (space == null) {
      throw new IllegalStateException("CVLAN " + cvlan + " has no address space bound");
    }
  }

  private void forget(Claim claim) {
    claim.owner().ifPresent(owner -> {
      List<Claim> held = byOwner.get(owner);
      if (held != null) {
        held.remove(claim);
        if (held.isEmpty()) {
          byOwner.remove(owner);
        }
      }
    });
    if (claim.family() == Family.IPV4) {
      ipv4Claims--;
    }
    unmark(claim);
  }

  private void mark(Claim claim) {
    if (space == null) {
      return;
    }
    if (claim.family() == Family.IPV4) {
      int offset = ipv4.offsetOf(claim.address().toIPv4());
      if (offset >= 0) {
        ipv4.take(offset);
      }
    } else if (ipv6 != null && ipv6.contains(claim.address().getValue())) {
      ipv6.take(claim.address().getValue());
    }
  }

  private void unmark(Claim claim) {
    if (space == null) {
      return;
    }
    if (claim.family() == Family.IPV4) {
      int offset = ipv4.offsetOf(claim.address().toIPv4());
      if (offset >= 0) {
        ipv4.free(offset);
      }
    } else if (ipv6 != null) {
      ipv6.free(claim.address().getValue());
    }
  }
}
