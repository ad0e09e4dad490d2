package io.cvlan.embedded;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The CRUD dispatcher, counting the requests that write (POST, PUT, PATCH, DELETE) per resource kind —
 * what a benchmark divides by registrations — and letting a test answer chosen requests with a fault
 * (a crash of the writer between two steps, as a real API server's 5xx or a dropped connection would be).
 */
final class CountingDispatcher extends KubernetesCrudDispatcher {
  private final Map<String, LongAdder> writes = new ConcurrentHashMap<>();
  /** GETs that are not watches: each one scans the CRUD store, which is what slows the mock as it fills. */
  private final Map<String, LongAdder> reads = new ConcurrentHashMap<>();
  private volatile Function<RecordedRequest, Optional<MockResponse>> faults = request -> Optional.empty();

  CountingDispatcher() {
    super(new ArrayList<>());
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String method = request.getMethod().toUpperCase(Locale.ROOT);
    if (!"GET".equals(method)) {
      writes.computeIfAbsent(resource(request.getPath()), r -> new LongAdder()).increment();
    } else if (!request.getPath().contains("watch=true")) {
      reads.computeIfAbsent(resource(request.getPath()), r -> new LongAdder()).increment();
    }
    Optional<MockResponse> fault = faults.apply(request);
    return fault.isPresent() ? fault.get() : super.dispatch(request);
  }

  long writes() {
    return writes.values().stream().mapToLong(LongAdder::sum).sum();
  }

  Map<String, Long> writesByResource() {
    return sums(writes);
  }

  Map<String, Long> readsByResource() {
    return sums(reads);
  }

  private static Map<String, Long> sums(Map<String, LongAdder> counts) {
    Map<String, Long> copy = new java.util.TreeMap<>();
    counts.forEach((resource, count) -> copy.put(resource, count.sum()));
    return copy;
  }

  void faults(Function<RecordedRequest, Optional<MockResponse>> faults) {
    this.faults = faults;
  }

  /**
   * The resource a request path names ({@code /apis/cvlan.io/v1alpha1/namespaces/x/nodes/n/status} →
   * {@code nodes/status}): the segment after the namespace (or after the version for cluster-wide kinds),
   * with a subresource kept.
   */
  static String resource(String path) {
    String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    String[] parts = bare.split("/");
    int kind = -1;
    for (int i = 0; i < parts.length - 1; i++) {
      if ("namespaces".equals(parts[i]) && i + 2 < parts.length) {
        kind = i + 2;
      }
    }
    if (kind < 0) {
      kind = parts.length > 1 && "api".equals(parts[1]) ? 3 : 4;
    }
    if (kind >= parts.length) {
      return bare;
    }
    return kind + 2 < parts.length ? parts[kind] + "/" + parts[kind + 2] : parts[kind];
  }
}
