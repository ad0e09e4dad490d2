package io.cvlan.bench;

import io.cvlan.agent.CsrKeys;
import io.cvlan.api.v1alpha1.IPAllocation;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.registration.client.RegistrationHttpClient;
import io.cvlan.registration.protocol.EndpointDto;
import io.cvlan.registration.protocol.PeerDto;
import io.cvlan.registration.protocol.PollRequest;
import io.cvlan.registration.protocol.PollResponse;
import io.cvlan.registration.protocol.RegisterRequest;
import io.cvlan.registration.protocol.RegisterResponse;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Registration under load, end to end over HTTPS: {@code clients} concurrent clients register {@code nodes}
 * nodes with one reusable token and a CSR each (as agents do), while {@code clients} registered watchers
 * long-poll until each has seen every other node. With {@code replicas} > 1 the same runs over that many
 * operator + API pairs without leader election, clients spread across them. Figures are compared against
 * the embedded API server's own create rate measured in the same run ({@code mock_create_per_s}), because
 * absolute times on a shared machine swing by 2–3×.
 */
public final class RegisterBench {
  private static final String CVLAN = "bench";
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  private static final int CEILING_CREATES = 500;
  private static final Duration SETTLE = Duration.ofSeconds(1);
  private static final Duration MAX_WAIT = Duration.ofSeconds(60);

  private RegisterBench() {}

  /** {@code certificateKey}: the key the client certificate is for (the CSR's, or the one the server generated). */
  private record Registered(RegisterResponse response, String mac, int replica, String certificateKey) {}

  /** What the registering clients saw: latencies of answered requests and the 5xx answers on the way. */
  private record Outcomes(ConcurrentLinkedQueue<Long> latencies, AtomicInteger errors5xx) {
    Outcomes() {
      this(new ConcurrentLinkedQueue<>(), new AtomicInteger());
    }
  }

  public static Map<String, String> run(PrintStream out, int clients, int nodes) throws Exception {
    return run(out, clients, nodes, 1);
  }

  public static Map<String, String> run(PrintStream out, int clients, int nodes, int replicas) throws Exception {
    return run(out, clients, nodes, replicas, java.util.Optional.empty());
  }

  /** The chart's JVM flags for the operator, with its heap. */
  public static List<String> chartFlags(String heap) {
    return ChildOperator.chartFlags(heap);
  }

  /**
   * With {@code operatorProcess} (its JVM flags), the operator runs in a JVM of its own and its CPU time per
   * registration is reported apart: what a registration costs the operator, not the clients or the API server.
   */
  public static Map<String, String> run(PrintStream out, int clients, int nodes, int replicas,
      java.util.Optional<List<String>> operatorProcess) throws Exception {
    Map<String, String> figures = new LinkedHashMap<>();
    try (BenchStack stack = operatorProcess.isPresent()
        ? BenchStack.startApart(java.nio.file.Files.createTempDirectory("cvlan-register-bench"), operatorProcess.get())
        : BenchStack.start(replicas)) {
      String token = stack.token(CVLAN, "10.200.0.0/16", "bench-fleet");
      out.println("token ready");
      put(out, figures, "mock_create_per_s", String.format(Locale.ROOT, "%.1f", createRate(stack.server().client(), clients)));
      ExecutorService pool = Executors.newFixedThreadPool(clients * 2);
      SecureRandom random = new SecureRandom();

      out.printf("registering %d watcher nodes over %d replica(s) ...%n", clients, stack.replicas());
      Outcomes watcherOutcomes = new Outcomes();
      List<Registered> watchers = registerAll(pool, stack, token, random, "watch", clients, watcherOutcomes);
      Watch watch = new Watch(clients + nodes - 1);
      List<Future<?>> polls = new ArrayList<>();
      for (Registered watcher : watchers) {
        polls.add(pool.submit(() -> watch.follow(RegistrationHttpClient.to(stack.url(watcher.replica()), stack.caPem(),
            watcher.response().certificate(), watcher.certificateKey()), watcher, random)));
      }

      out.printf("registering %d nodes with %d concurrent clients ...%n", nodes, clients);
      Outcomes outcomes = new Outcomes();
      long writesBefore = stack.server().writes();
      Map<String, Long> writesByResourceBefore = stack.server().writesByResource();
      Map<String, Long> readsByResourceBefore = stack.server().readsByResource();
      java.util.OptionalLong cpuBefore = stack.operatorCpuMillis();
      long start = System.nanoTime();
      List<Registered> registered = registerAll(Executors.newFixedThreadPool(clients), stack, token, random, "node", nodes, outcomes);
      long end = System.nanoTime();
      watch.lastRegistration.set(end);
      put(out, figures, "registrations_per_s", String.format(Locale.ROOT, "%.1f", nodes / ((end - start) / 1e9)));
      List<Long> sorted = outcomes.latencies().stream().sorted().toList();
      put(out, figures, "register_p50_ms", ms(sorted, 0.50));
      put(out, figures, "register_p99_ms", ms(sorted, 0.99));
      put(out, figures, "errors_5xx", String.valueOf(outcomes.errors5xx().get() + watcherOutcomes.errors5xx().get()));

      awaitSize(watch.convergedAt, watchers.size());
      long latest = watch.convergedAt.values().stream().mapToLong(Long::longValue).max().orElse(end);
      put(out, figures, "convergence_ms", watch.convergedAt.size() < watchers.size() ? "timeout"
          : String.valueOf(Math.max(0, TimeUnit.NANOSECONDS.toMillis(latest - end))));

      settle(stack);
      java.util.OptionalLong cpuAfter = stack.operatorCpuMillis();
      if (cpuBefore.isPresent() && cpuAfter.isPresent()) {
        // Includes answering the watchers' long-polls for the new peers, as serving these registrations does.
        put(out, figures, "operator_cpu_ms_per_registration",
            String.format(Locale.ROOT, "%.1f", (cpuAfter.getAsLong() - cpuBefore.getAsLong()) / (double) nodes));
      }
      long writes = stack.server().writes() - writesBefore;
      out.printf("writes by resource from the first node registration until the API server settled: %s%n",
          since(writesByResourceBefore, stack.server().writesByResource()));
      out.printf("reads by resource (GETs, not watches) over the same span: %s%n",
          since(readsByResourceBefore, stack.server().readsByResource()));
      put(out, figures, "api_writes_per_registration", String.format(Locale.ROOT, "%.2f", writes / (double) nodes));

      List<Registered> everyone = new ArrayList<>(watchers);
      everyone.addAll(registered);
      put(out, figures, "duplicate_ipv4", String.valueOf(duplicateAddresses(everyone)));
      put(out, figures, "claims_mismatched", String.valueOf(claimsMismatched(stack.server().client(), everyone)));

      put(out, figures, "revocation_ms", revoke(stack.server().client(), watch, registered.get(0), watchers.size()));
      put(out, figures, "clients", String.valueOf(clients));
      put(out, figures, "nodes", String.valueOf(nodes));
      put(out, figures, "replicas", String.valueOf(stack.replicas()));
      polls.forEach(p -> p.cancel(true));
      pool.shutdownNow();
    }
    return figures;
  }

  /** Plain ConfigMap creates from {@code clients} threads on the same server: the ceiling of any write path. */
  private static double createRate(KubernetesClient client, int clients) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<?>> creates = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < CEILING_CREATES; i++) {
      ConfigMap map = new ConfigMapBuilder().withNewMetadata().withName("ceiling-" + i).withNamespace("bench-ceiling").endMetadata()
          .addToData("n", String.valueOf(i)).build();
      creates.add(pool.submit(() -> client.resource(map).create()));
    }
    for (Future<?> create : creates) {
      create.get();
    }
    double rate = CEILING_CREATES / ((System.nanoTime() - start) / 1e9);
    pool.shutdownNow();
    return rate;
  }

  /** Waits until the API server has taken no write for {@link #SETTLE}: the confirming writes are counted too. */
  private static void settle(BenchStack stack) throws InterruptedException {
    long deadline = System.nanoTime() + MAX_WAIT.toNanos();
    long last = stack.server().writes();
    while (System.nanoTime() < deadline) {
      Thread.sleep(SETTLE.toMillis());
      long now = stack.server().writes();
      if (now == last) {
        return;
      }
      last = now;
    }
  }

  /** Addresses told to more than one node. */
  private static long duplicateAddresses(List<Registered> everyone) {
    Map<String, Set<String>> toldTo = new HashMap<>();
    for (Registered r : everyone) {
      toldTo.computeIfAbsent(r.response().ipv4(), a -> new java.util.HashSet<>()).add(r.response().nodeId());
    }
    return toldTo.values().stream().filter(ids -> ids.size() > 1).count();
  }

  /** Told addresses whose stored claim is missing or held by another node, and Nodes whose status says otherwise. */
  private static long claimsMismatched(KubernetesClient client, List<Registered> everyone) {
    Map<String, String> claimOwner = new HashMap<>();
    for (IPAllocation claim : client.resources(IPAllocation.class).inNamespace(BenchStack.NAMESPACE).list().getItems()) {
      claimOwner.put(claim.getSpec().getAddress(), claim.getSpec().getNodeRef());
    }
    Map<String, String> statusIpv4 = new HashMap<>();
    for (OverlayNode node : client.resources(OverlayNode.class).inNamespace(BenchStack.NAMESPACE).list().getItems()) {
      statusIpv4.put(node.getMetadata().getName(), node.getStatus() == null ? null : node.getStatus().getIpv4());
    }
    return everyone.stream().filter(r -> !r.response().nodeId().equals(claimOwner.get(r.response().ipv4()))
        || !r.response().ipv4().equals(statusIpv4.get(r.response().nodeId()))).count();
  }

  /** Deletes one registered Node and measures until no watcher has it among its peers. */
  private static String revoke(KubernetesClient client, Watch watch, Registered victim, int watchers) throws InterruptedException {
    String id = victim.response().nodeId();
    watch.revoked.set(id);
    long start = System.nanoTime();
    client.resources(OverlayNode.class).inNamespace(BenchStack.NAMESPACE).withName(id).delete();
    awaitSize(watch.revokedAt, watchers);
    if (watch.revokedAt.size() < watchers) {
      return "timeout";
    }
    long latest = watch.revokedAt.values().stream().mapToLong(Long::longValue).max().orElse(start);
    return String.valueOf(TimeUnit.NANOSECONDS.toMillis(latest - start));
  }

  private static void awaitSize(Map<?, ?> map, int size) throws InterruptedException {
    long deadline = System.nanoTime() + MAX_WAIT.toNanos();
    while (map.size() < size && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  private static List<Registered> registerAll(ExecutorService pool, BenchStack stack, String token, SecureRandom random,
      String prefix, int count, Outcomes outcomes) throws Exception {
    List<Future<Registered>> futures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String hostname = prefix + "-" + i;
      int replica = i % stack.replicas();
      RegistrationHttpClient http = RegistrationHttpClient.to(stack.url(replica), stack.caPem());
      futures.add(pool.submit(() -> register(http, replica, token, random, hostname, outcomes)));
    }
    List<Registered> done = new ArrayList<>();
    for (Future<Registered> future : futures) {
      done.add(future.get());
    }
    return done;
  }

  private static Registered register(RegistrationHttpClient http, int replica, String token, SecureRandom random, String hostname,
      Outcomes outcomes) throws Exception {
    String publicKey = Base64.getEncoder().encodeToString(bytes(random, 32));
    String mac = HexFormat.ofDelimiter(":").formatHex(bytes(random, 6));
    CsrKeys csr = CsrKeys.generate(hostname, random);
    for (int attempt = 0; attempt < 20; attempt++) {
      RegisterRequest request = new RegisterRequest(token, publicKey, mac, HexFormat.of().formatHex(bytes(random, 32)), hostname,
          "linux", "bench", List.of(new EndpointDto("192.0.2.1", 51820)), csr.csrPem(), null, null);
      long start = System.nanoTime();
      RegistrationHttpClient.Reply reply = http.post("/client/register", request, Map.of(), REQUEST_TIMEOUT);
      if (reply.status() == 201 || reply.status() == 200) {
        outcomes.latencies().add(System.nanoTime() - start);
        RegisterResponse response = reply.as(RegisterResponse.class);
        return new Registered(response, mac, replica, response.privateKey() != null ? response.privateKey() : csr.privateKeyPem());
      }
      if (reply.status() >= 500) {
        outcomes.errors5xx().incrementAndGet();
      }
      if (reply.status() != 503 && reply.status() != 429) {
        throw new IllegalStateException("registration of " + hostname + " refused: HTTP " + reply.status() + " " + reply.text());
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("registration of " + hostname + " kept being refused");
  }

  /** What the watchers saw: when each had every other node, and when each lost the revoked one. */
  private static final class Watch {
    final AtomicInteger expected;
    final AtomicLong lastRegistration = new AtomicLong(Long.MAX_VALUE);
    final Map<String, Long> convergedAt = new ConcurrentHashMap<>();
    final AtomicReference<String> revoked = new AtomicReference<>();
    final Map<String, Long> revokedAt = new ConcurrentHashMap<>();

    Watch(int expected) {
      this.expected = new AtomicInteger(expected);
    }

    /** Long-polls until interrupted, noting convergence and, once a node is revoked, its disappearance. */
    Void follow(RegistrationHttpClient http, Registered watcher, SecureRandom random) throws Exception {
      RegisterResponse identity = watcher.response();
      Set<String> seen = ConcurrentHashMap.newKeySet();
      identity.peers().forEach(p -> seen.add(p.id()));
      long version = identity.version();
      while (!Thread.currentThread().isInterrupted()) {
        PollRequest poll = new PollRequest(watcher.mac(), HexFormat.of().formatHex(bytes(random, 32)), List.of(), version, 20);
        RegistrationHttpClient.Reply reply = http.post("/client/poll", poll, Map.of("X-Node-Id", identity.nodeId()), REQUEST_TIMEOUT);
        if (reply.status() != 200) {
          Thread.sleep(100);
          continue;
        }
        PollResponse response = reply.as(PollResponse.class);
        if (response.full()) {
          seen.clear();
        }
        if (response.peers() != null) {
          response.peers().stream().map(PeerDto::id).forEach(seen::add);
        }
        if (response.peersRemoved() != null) {
          response.peersRemoved().forEach(seen::remove);
        }
        version = response.version();
        long now = System.nanoTime();
        if (seen.size() >= expected.get() && now >= lastRegistration.get()) {
          convergedAt.putIfAbsent(identity.nodeId(), now);
        }
        String gone = revoked.get();
        if (gone != null && !seen.contains(gone)) {
          revokedAt.putIfAbsent(identity.nodeId(), now);
        }
      }
      return null;
    }
  }

  private static byte[] bytes(SecureRandom random, int n) {
    byte[] bytes = new byte[n];
    random.nextBytes(bytes);
    return bytes;
  }

  private static String ms(List<Long> sorted, double quantile) {
    if (sorted.isEmpty()) {
      return "n/a";
    }
    long nanos = sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1));
    return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
  }

  private static void put(PrintStream out, Map<String, String> figures, String key, String value) {
    figures.put(key, value);
    out.printf("%s=%s%n", key, value);
  }

  /** Counts per resource since {@code before}. */
  private static Map<String, Long> since(Map<String, Long> before, Map<String, Long> now) {
    Map<String, Long> delta = new java.util.TreeMap<>(now);
    before.forEach((resource, count) -> delta.merge(resource, -count, Long::sum));
    return delta;
  }
}
