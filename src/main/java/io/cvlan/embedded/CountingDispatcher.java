package io.cvlan.embedded;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.HttpURLConnection;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Set;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * The CRUD dispatcher, counting the requests that write (POST, PUT, PATCH, DELETE) per resource kind —
 * what a benchmark divides by registrations — and the field manager a real API server would record for each
 * (managedFields), letting a test answer chosen requests with a fault (a crash of the writer between two
 * steps, as a real API server's 5xx or a dropped connection would be) or slowly (a write in flight), and
 * answering access reviews as a cluster answers its administrator: everything allowed.
 */
final class CountingDispatcher extends KubernetesCrudDispatcher {
  private static final String RULES_REVIEW_PATH = "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";
  private static final String ADMINISTRATOR_RULES = """
      {"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectRulesReview","status":{"incomplete":false,
      "resourceRules":[{"apiGroups":["*"],"resources":["*"],"verbs":["*"]}],"nonResourceRules":[]}}""";

  private final LongAdder requests = new LongAdder();
  private final Map<String, LongAdder> writes = new ConcurrentHashMap<>();
  /** GETs that are not watches: each one scans the CRUD store, which is what slows the mock as it fills. */
  private final Map<String, LongAdder> reads = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> fieldManagers = new ConcurrentHashMap<>();
  private volatile Function<RecordedRequest, Optional<MockResponse>> faults = request -> Optional.empty();
  private volatile Function<RecordedRequest, Optional<Duration>> delays = request -> Optional.empty();
  private final NameIndex names = new NameIndex();
  /**
   * Held around every write and every indexed read: the store's own lock is private, and a write removes an
   * object's old key before it puts the new one, which a read in between would see as a 404.
   */
  private final ReadWriteLock store = new ReentrantReadWriteLock();

  CountingDispatcher() {
    super(new ArrayList<>());
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    requests.increment();
    String method = request.getMethod().toUpperCase(Locale.ROOT);
    if ("POST".equals(method) && request.getPath().startsWith(RULES_REVIEW_PATH)) {
      // JOSDK checks it may use the leader Lease before it runs for leadership.
      return new MockResponse().setResponseCode(201).setBody(ADMINISTRATOR_RULES);
    }
    if (!"GET".equals(method)) {
      writes.computeIfAbsent(resource(request.getPath()), r -> new LongAdder()).increment();
      fieldManagers.computeIfAbsent(resource(request.getPath()), r -> ConcurrentHashMap.newKeySet()).add(fieldManager(request));
    } else if (!request.getPath().contains("watch=true")) {
      reads.computeIfAbsent(resource(request.getPath()), r -> new LongAdder()).increment();
    }
    Optional<MockResponse> fault = faults.apply(request);
    // Asked before serving: serving consumes the request's body.
    Optional<Duration> delay = delays.apply(request);
    MockResponse response = fault.isPresent() ? fault.get() : serve(request, method);
    // A timer on the server's event loop, not a sleep: every other request is served meanwhile.
    delay.ifPresent(response::setBodyDelay);
    return response;
  }

  private MockResponse serve(RecordedRequest request, String method) {
    if ("GET".equals(method)) {
      return super.dispatch(request);
    }
    store.writeLock().lock();
    try {
      return super.dispatch(request);
    } finally {
      store.writeLock().unlock();
    }
  }

  @Override
  public MockResponse handleGet(String path) {
    AttributeSet query = getKey(path);
    if (!NameIndex.names(query) || path.contains("watch=true")) {
      return super.handleGet(path);
    }
    store.readLock().lock();
    try {
      return names.find(map, query)
          .map(found -> new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setBody(found.getValue()))
          .orElseGet(() -> new MockResponse().setResponseCode(HttpURLConnection.HTTP_NOT_FOUND));
    } finally {
      store.readLock().unlock();
    }
  }

  @Override
  public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
    return NameIndex.names(query) ? names.find(map, query).orElse(null) : super.findResource(query);
  }

  @Override
  public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes, GenericKubernetesResource resource,
      String newState) {
    super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
    if (oldAttributes != null) {
      names.removed(oldAttributes);
    }
    if (newState != null) {
      names.added(storedKey(pathAttributes, resource, newState));
    }
  }

  /** The key the store has just put {@code newState} under, derived as {@link KubernetesCrudDispatcher#processEvent} does. */
  private AttributeSet storedKey(AttributeSet pathAttributes, GenericKubernetesResource resource, String newState) {
    KubernetesAttributesExtractor extractor = (KubernetesAttributesExtractor) getAttributeExtractor();
    AttributeSet key = resource != null ? extractor.extract(resource) : extractor.fromResource(newState);
    return key.containsKey(KubernetesAttributesExtractor.PLURAL) ? key : AttributeSet.merge(pathAttributes, key);
  }

  @Override
  public void reset() {
    store.writeLock().lock();
    try {
      super.reset();
      names.clear();
    } finally {
      store.writeLock().unlock();
    }
  }

  /**
   * The manager kube-apiserver records for a write: the fieldManager parameter, else the User-Agent up to
   * its first slash ({@code fabric8-kubernetes-client/7.5.2} → {@code fabric8-kubernetes-client}).
   */
  static String fieldManager(RecordedRequest request) {
    String path = request.getPath();
    int query = path.indexOf('?');
    if (query >= 0) {
      for (String parameter : path.substring(query + 1).split("&")) {
        if (parameter.startsWith("fieldManager=")) {
          return URLDecoder.decode(parameter.substring("fieldManager=".length()), StandardCharsets.UTF_8);
        }
      }
    }
    String userAgent = Optional.ofNullable(request.getHeader("User-Agent")).orElse("");
    return userAgent.contains("/") ? userAgent.substring(0, userAgent.indexOf('/')) : userAgent;
  }

  Map<String, Set<String>> fieldManagers() {
    Map<String, Set<String>> copy = new java.util.TreeMap<>();
    fieldManagers.forEach((resource, managers) -> copy.put(resource, Set.copyOf(managers)));
    return copy;
  }

  void delays(Function<RecordedRequest, Optional<Duration>> delays) {
    this.delays = delays;
  }

  long requests() {
    return requests.sum();
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
