package io.cvlan.bench;

import io.cvlan.registration.client.RegistrationHttpClient;
import io.cvlan.registration.protocol.EndpointDto;
import io.cvlan.registration.protocol.PeerDto;
import io.cvlan.registration.protocol.PollRequest;
import io.cvlan.registration.protocol.PollResponse;
import io.cvlan.registration.protocol.RegisterRequest;
import io.cvlan.registration.protocol.RegisterResponse;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
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

/**
 * Registration end to end over HTTPS against the embedded API server with the real reconcilers: {@code clients}
 * concurrent clients register {@code nodes} nodes with one reusable token; meanwhile {@code clients} already
 * registered watcher nodes long-poll. Figures: registrations per second, p50/p99 register latency, and the
 * time from the last registration until every watcher has seen every peer.
 */
public final class RegisterBench {
  private static final String NAMESPACE = "bench";
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private RegisterBench() {}

  private record Registered(RegisterResponse response, String mac) {}

  public static Map<String, String> run(PrintStream out, int clients, int nodes) throws Exception {
    Map<String, String> figures = new LinkedHashMap<>();
    try (BenchStack stack = BenchStack.start()) {
      String url = stack.url();
      String token = stack.token("bench", "10.200.0.0/16", "bench-fleet");
      out.println("token ready");
      RegistrationHttpClient anonymous = RegistrationHttpClient.to(url, stack.caPem());
      ExecutorService pool = Executors.newFixedThreadPool(clients * 2);
      SecureRandom random = new SecureRandom();

      out.printf("registering %d watcher nodes ...%n", clients);
      List<Registered> watchers = registerAll(pool, anonymous, token, random, "watch", clients, new ConcurrentLinkedQueue<>());
      Map<String, Long> convergedAt = new ConcurrentHashMap<>();
      AtomicLong lastRegistration = new AtomicLong(Long.MAX_VALUE);
      AtomicInteger expected = new AtomicInteger(clients + nodes - 1);
      for (Registered watcher : watchers) {
        pool.submit(() -> watch(url, stack.caPem(), watcher, expected, lastRegistration, convergedAt, random));
      }

      out.printf("registering %d nodes with %d concurrent clients ...%n", nodes, clients);
      ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
      long start = System.nanoTime();
      registerAll(Executors.newFixedThreadPool(clients), anonymous, token, random, "node", nodes, latencies);
      long end = System.nanoTime();
      lastRegistration.set(end);
      put(out, figures, "registrations_per_s", String.format(Locale.ROOT, "%.1f", nodes / ((end - start) / 1e9)));
      List<Long> sorted = latencies.stream().sorted().toList();
      put(out, figures, "register_p50_ms", ms(sorted, 0.50));
      put(out, figures, "register_p99_ms", ms(sorted, 0.99));

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (convergedAt.size() < watchers.size() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      long latest = convergedAt.values().stream().mapToLong(Long::longValue).max().orElse(end);
      put(out, figures, "convergence_ms", convergedAt.size() < watchers.size() ? "timeout"
          : String.valueOf(Math.max(0, TimeUnit.NANOSECONDS.toMillis(latest - end))));
      put(out, figures, "clients", String.valueOf(clients));
      put(out, figures, "nodes", String.valueOf(nodes));
      pool.shutdownNow();
    }
    return figures;
  }

  private static List<Registered> registerAll(ExecutorService pool, RegistrationHttpClient http, String token, SecureRandom random,
      String prefix, int count, ConcurrentLinkedQueue<Long> latencies) throws Exception {
    List<Future<Registered>> futures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String hostname = prefix + "-" + i;
      futures.add(pool.submit(() -> register(http, token, random, hostname, latencies)));
    }
    List<Registered> done = new ArrayList<>();
    for (Future<Registered> future : futures) {
      done.add(future.get());
    }
    return done;
  }

  private static Registered register(RegistrationHttpClient http, String token, SecureRandom random, String hostname,
      ConcurrentLinkedQueue<Long> latencies) throws Exception {
    String publicKey = Base64.getEncoder().encodeToString(bytes(random, 32));
    String mac = HexFormat.ofDelimiter(":").formatHex(bytes(random, 6));
    for (int attempt = 0; attempt < 20; attempt++) {
      RegisterRequest request = new RegisterRequest(token, publicKey, mac, HexFormat.of().formatHex(bytes(random, 32)), hostname,
          "linux", "bench", List.of(new EndpointDto("192.0.2.1", 51820)), null, null, null);
      long start = System.nanoTime();
      RegistrationHttpClient.Reply reply = http.post("/client/register", request, Map.of(), REQUEST_TIMEOUT);
      if (reply.status() == 201 || reply.status() == 200) {
        latencies.add(System.nanoTime() - start);
        return new Registered(reply.as(RegisterResponse.class), mac);
      }
      if (reply.status() != 503 && reply.status() != 429) {
        throw new IllegalStateException("registration of " + hostname + " refused: HTTP " + reply.status() + " " + reply.text());
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("registration of " + hostname + " kept being refused");
  }

  /** Long-polls until this watcher has seen every other node, and notes when that happened. */
  private static Void watch(String url, String caPem, Registered watcher, AtomicInteger expected, AtomicLong lastRegistration,
      Map<String, Long> convergedAt, SecureRandom random) throws Exception {
    RegisterResponse identity = watcher.response();
    RegistrationHttpClient http = RegistrationHttpClient.to(url, caPem, identity.certificate(), identity.privateKey());
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
      if (seen.size() >= expected.get() && System.nanoTime() >= lastRegistration.get()) {
        convergedAt.put(identity.nodeId(), System.nanoTime());
        return null;
      }
    }
    return null;
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
}
