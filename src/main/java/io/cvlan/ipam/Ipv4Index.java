package io.cvlan.ipam;

import inet.ipaddr.IPAddressSeqRange;
import inet.ipaddr.ipv4.IPv4Address;
import java.util.BitSet;
import java.util.random.RandomGenerator;

/**
 * Which IPv4 addresses of one CVLAN are reserved or taken, as offsets from the network address. Finding a
 * free address never scans the range: sequential allocation keeps a cursor below which everything is
 * blocked (so {@link #lowestFree()} is O(1) amortised), and a full CVLAN is detected from counters alone.
 * Not thread-safe: its owner ({@code CvlanLedger}) serialises access.
 */
public final class Ipv4Index {
  private final long base;
  private final int size;
  private final BitSet reserved;
  /** reserved | taken: the bits {@link BitSet#nextClearBit} searches. */
  private final BitSet blocked;
  private final BitSet taken = new BitSet();
  private final int capacity;
  private int takenOutsideReserved;
  /** Every offset below the cursor is blocked. */
  private int cursor;

  public Ipv4Index(AddressSpace space) {
    IPv4Address network = space.ipv4().getLower().toIPv4();
    this.base = network.longValue();
    this.size = 1 << (32 - space.ipv4().getNetworkPrefixLength());
    this.reserved = new BitSet(size);
    for (IPAddressSeqRange range : space.reservedIpv4()) {
      long from = Math.max(0, range.getLower().toIPv4().longValue() - base);
      long to = Math.min(size - 1L, range.getUpper().toIPv4().longValue() - base);
      if (from <= to) {
        reserved.set((int) from, (int) to + 1);
      }
    }
    this.blocked = (BitSet) reserved.clone();
    this.capacity = size - reserved.cardinality();
  }

  /** The offset of an address in this network, or -1 when it lies outside. */
  public int offsetOf(IPv4Address address) {
    long offset = address.longValue() - base;
    return offset >= 0 && offset < size ? (int) offset : -1;
  }

  public IPv4Address address(int offset) {
    return new IPv4Address((int) (base + offset));
  }

  /** Marks an offset taken; false when it already was. */
  public boolean take(int offset) {
    if (taken.get(offset)) {
      return false;
    }
    taken.set(offset);
    blocked.set(offset);
    if (!reserved.get(offset)) {
      takenOutsideReserved++;
    }
    return true;
  }

  public void free(int offset) {
    if (!taken.get(offset)) {
      return;
    }
    taken.clear(offset);
    if (!reserved.get(offset)) {
      blocked.clear(offset);
      takenOutsideReserved--;
      cursor = Math.min(cursor, offset);
    }
  }

  public boolean isFull() {
    return takenOutsideReserved >= capacity;
  }

  /** Addresses that can ever be handed out: the network less the reserved ranges. */
  public int capacity() {
    return capacity;
  }

  /** Taken addresses that count against the capacity (a claim inside a reserved range does not). */
  public int allocated() {
    return takenOutsideReserved;
  }

  /** The lowest free offset, or -1 when full. */
  public int lowestFree() {
    if (isFull()) {
      return -1;
    }
    cursor = blocked.nextClearBit(cursor);
    return cursor < size ? cursor : -1;
  }

  /**
   * The lowest free offset in {@code lane} of {@code lanes} (offset mod lanes), else the lowest free one; -1
   * when full. For allocators that have lost addresses to another writer: two replicas taking the lowest first
   * stay in step and collide on nearly every address, each collision a refused create; in lanes of their own
   * (drawn at random) they do not, and picks outside any lane (a lone writer's) still fill what lanes skip.
   */
  public int lowestFreeInLane(int lane, int lanes) {
    int lowest = lowestFree();
    if (lowest < 0) {
      return -1;
    }
    for (int offset = lowest + Math.floorMod(lane - lowest, lanes); offset < size; offset += lanes) {
      if (!blocked.get(offset)) {
        return offset;
      }
    }
    return lowest;
  }

  /** The first free offset at or after a random start, wrapping to the network start; -1 when full. */
  public int randomFree(RandomGenerator random) {
    if (isFull()) {
      return -1;
    }
    int found = blocked.nextClearBit(random.nextInt(size));
    if (found >= size) {
      found = lowestFree();
    }
    return found < size ? found : -1;
  }
}
