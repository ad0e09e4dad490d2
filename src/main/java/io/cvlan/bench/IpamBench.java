package io.cvlan.bench;

import io.cvlan.api.v1alpha1.AllocationStrategy;
import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.CVLANSpec;
import io.cvlan.api.v1alpha1.IPAllocation;
import io.cvlan.api.v1alpha1.IPAllocationSpec;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.embedded.EmbeddedApiServer;
import io.cvlan.ipam.AddressSpace;
import io.cvlan.ipam.AddressSpaceParser;
import io.cvlan.ipam.CvlanExhaustedException;
import io.cvlan.ipam.IpAllocator;
import io.cvlan.ipam.Ipv4Index;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Address allocation against the embedded API server: distinct owners in one /16 CVLAN, each allocation a
 * real IPAllocation create. The mock server's CRUD dispatcher looks objects up by scanning all it stores,
 * so its cost per request grows with the objects held; the pure index lookup is measured apart to show
 * that finding a free address stays O(1) amortised. Keys, in order: {@code mock_create_per_s_1k
 * alloc_per_s_1k alloc_per_s_10k heap_mb index_lookup_ns_1k index_lookup_ns_10k}. A first round of plain
 * creates on a throwaway server warms the JIT, so that the rates compare steady states.
 */
public final class IpamBench {
  private static final int FIRST = 1_000;
  private static final int TOTAL = 10_000;
  private static final int LOOKUP_BATCH = 1_000;
  private static final int LOOKUP_ROUNDS = 200;

  private IpamBench() {}

  public static Map<String, String> run(PrintStream out) {
    return run(out, FIRST, TOTAL, LOOKUP_ROUNDS);
  }

  /** A run of any size (the smoke test runs a small one); the keys keep their names. */
  public static Map<String, String> run(PrintStream out, int first, int total, int lookupRounds) {
    if (first <= 0 || total < first) {
      throw new IllegalArgumentException("need 0 < first <= total, got first=" + first + " total=" + total);
    }
    Map<String, String> figures = new LinkedHashMap<>();
    CVLAN cvlan = cvlan();
    AddressSpace space = space(cvlan);
    out.printf("warming up with %d plain creates ...%n", first);
    rawCreateRate(cvlan, first);
    put(out, figures, "mock_create_per_s_1k", rawCreateRate(cvlan, first));
    try (EmbeddedApiServer api = EmbeddedApiServer.start();
        IpAllocator allocator = new IpAllocator(api.client(), new SplittableRandom(1))) {
      allocator.start();
      out.printf("allocating for %d then %d distinct owners in %s ...%n", first, total, cvlan.getSpec().getCidr());
      long start = System.nanoTime();
      allocateRange(allocator, cvlan, space, 0, first, out);
      long firstDone = System.nanoTime();
      put(out, figures, "alloc_per_s_1k", rate(first, firstDone - start));
      allocateRange(allocator, cvlan, space, first, total, out);
      put(out, figures, "alloc_per_s_10k", rate(total, System.nanoTime() - start));
      if (allocator.allocatedIpv4(cvlan.getMetadata().getNamespace(), cvlan.getMetadata().getName()) != total) {
        throw new IllegalStateException("expected " + total + " allocations held");
      }
      double heap = usedHeapMb();
      put(out, figures, "heap_mb", String.format(Locale.ROOT, "%.1f", heap));
      // The embedded API server shares this JVM: what closing the allocator (informer cache and index) frees
      // is the operator's own share of heap_mb.
      allocator.close();
      put(out, figures, "allocator_heap_mb", String.format(Locale.ROOT, "%.1f", Math.max(0, heap - usedHeapMb())));
    } catch (CvlanExhaustedException e) {
      throw new IllegalStateException("benchmark CVLAN exhausted: " + e.getMessage(), e);
    }
    double[] lookup = lookupNanos(space, first, total, lookupRounds);
    put(out, figures, "index_lookup_ns_1k", String.format(Locale.ROOT, "%.1f", lookup[0]));
    put(out, figures, "index_lookup_ns_10k", String.format(Locale.ROOT, "%.1f", lookup[1]));
    return figures;
  }

  /**
   * Creates of the same IPAllocation objects straight through the client, on a fresh server, without the
   * allocator but with an informer on them as the allocator has (the mock server serialises a watch event
   * per create): the ceiling the embedded API server puts on {@code alloc_per_s_1k}.
   */
  private static String rawCreateRate(CVLAN cvlan, int count) {
    try (EmbeddedApiServer api = EmbeddedApiServer.start();
        var informer = api.client().resources(IPAllocation.class).inAnyNamespace().inform()) {
      var ipallocations = api.client().resources(IPAllocation.class);
      long start = System.nanoTime();
      for (int i = 0; i < count; i++) {
        IPAllocation claim = new IPAllocation();
        claim.getMetadata().setName("raw-" + i);
        claim.getMetadata().setNamespace(cvlan.getMetadata().getNamespace());
        claim.setSpec(new IPAllocationSpec());
        claim.getSpec().setCvlan("raw");
        claim.getSpec().setAddress("10.64." + (i / 256) + "." + (i % 256));
        ipallocations.resource(claim).create();
      }
      return rate(count, System.nanoTime() - start);
    }
  }

  private static void allocateRange(IpAllocator allocator, CVLAN cvlan, AddressSpace space, int from, int to,
      PrintStream out) throws CvlanExhaustedException {
    for (int i = from; i < to; i++) {
      allocator.allocate(cvlan, space, owner(cvlan, i));
      if ((i + 1) % 1_000 == 0) {
        out.printf("  %d allocated%n", i + 1);
      }
    }
  }

  /**
   * Nanoseconds per find-next-free-and-take in indexes with {@code small} and {@code large} addresses
   * already taken: batches of {@value #LOOKUP_BATCH} lookups, alternating between the two indexes so that
   * load that comes and goes on a shared machine weighs on both alike; each batch is released again so
   * every round starts from the same state.
   */
  private static double[] lookupNanos(AddressSpace space, int small, int large, int rounds) {
    Ipv4Index[] indexes = {filled(space, small), filled(space, large)};
    long[] nanos = new long[2];
    int[] batch = new int[LOOKUP_BATCH];
    int warmUp = Math.max(1, rounds / 4);
    for (int round = 0; round < warmUp + rounds; round++) {
      for (int which = 0; which < 2; which++) {
        Ipv4Index index = indexes[which];
        long start = System.nanoTime();
        for (int i = 0; i < LOOKUP_BATCH; i++) {
          batch[i] = index.lowestFree();
          index.take(batch[i]);
        }
        long elapsed = System.nanoTime() - start;
        if (round >= warmUp) {
          nanos[which] += elapsed;
        }
        for (int offset : batch) {
          index.free(offset);
        }
      }
    }
    double lookups = rounds * (double) LOOKUP_BATCH;
    return new double[] {nanos[0] / lookups, nanos[1] / lookups};
  }

  private static Ipv4Index filled(AddressSpace space, int taken) {
    Ipv4Index index = new Ipv4Index(space);
    for (int i = 0; i < taken; i++) {
      index.take(index.lowestFree());
    }
    return index;
  }

  private static CVLAN cvlan() {
    CVLAN cvlan = new CVLAN();
    cvlan.getMetadata().setName("bench");
    cvlan.getMetadata().setNamespace("bench");
    cvlan.setSpec(new CVLANSpec());
    cvlan.getSpec().setCidr("10.64.0.0/16");
    cvlan.getSpec().setAllocation(AllocationStrategy.Sequential);
    return cvlan;
  }

  private static AddressSpace space(CVLAN cvlan) {
    var result = AddressSpaceParser.parse(cvlan.getSpec().getCidr(), null, List.of());
    return ((AddressSpaceParser.Result.Valid) result).space();
  }

  /** Owners need not exist in the API server: a claim only references its owner. */
  private static OverlayNode owner(CVLAN cvlan, int i) {
    OverlayNode node = new OverlayNode();
    node.getMetadata().setName("node-" + i);
    node.getMetadata().setNamespace(cvlan.getMetadata().getNamespace());
    node.getMetadata().setUid("00000000-0000-0000-0000-" + String.format(Locale.ROOT, "%012d", i));
    return node;
  }

  private static String rate(int count, long nanos) {
    return Long.toString(Math.round(count / (nanos / 1e9)));
  }

  private static double usedHeapMb() {
    Runtime runtime = Runtime.getRuntime();
    System.gc();
    System.gc();
    return (runtime.totalMemory() - runtime.freeMemory()) / (1024.0 * 1024.0);
  }

  private static void put(PrintStream out, Map<String, String> figures, String key, String value) {
    figures.put(key, value);
    out.printf("%s=%s%n", key, value);
  }
}
