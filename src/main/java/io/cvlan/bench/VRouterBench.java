package io.cvlan.bench;

import io.cvlan.agent.AgentSettings;
import io.cvlan.agent.CsrKeys;
import io.cvlan.agent.VRouterAgent;
import io.cvlan.agent.token.TokenSources;
import io.cvlan.agent.vrouter.InMemoryGateway;
import io.cvlan.agent.wireguard.PeerConfig;
import io.cvlan.agent.wireguard.WireGuardKeys;
import io.cvlan.api.v1alpha1.VRouter;
import io.cvlan.api.v1alpha1.VRouterSpec;
import io.cvlan.operator.token.TokenSecrets;
import io.cvlan.registration.client.RegistrationHttpClient;
import io.cvlan.registration.protocol.EndpointDto;
import io.cvlan.registration.protocol.RegisterRequest;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * How long from a node joining until a VRouter's gateway has it as a WireGuard peer: the node registers over
 * HTTPS, the operator publishes it, the vrouter agent's long-poll wakes and the agent programs it (into an
 * in-memory device: WireGuard's own time is the wireguard bench's). Against the embedded API server.
 */
public final class VRouterBench {
  static final int SAMPLES = 20;
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private VRouterBench() {}

  public static Map<String, String> run(PrintStream out) throws Exception {
    return run(out, SAMPLES);
  }

  /** {@code samples} joins after one uncounted warm-up join. */
  public static Map<String, String> run(PrintStream out, int samples) throws Exception {
    SecureRandom random = new SecureRandom();
    Path data = Files.createTempDirectory("cvlan-vrouter-bench");
    try (BenchStack stack = BenchStack.start()) {
      String token = stack.token("blue", "10.60.0.0/16", "fleet");
      String joinToken = joinToken(stack);
      InMemoryGateway gateway = new InMemoryGateway();
      AgentSettings settings = new AgentSettings(data, "unused", 51820, "bench-gw", "linux", List.of(), Optional.of(stack.url()),
          Optional.of(stack.caPem()), new TokenSources(Optional.of(joinToken), data.resolve("no-token-file"), Map.of(), Optional.empty()),
          Clock.systemUTC(), new AgentSettings.Placement.VRouter(), Optional.empty());
      try (VRouterAgent agent = new VRouterAgent(settings, VRouterAgent.DEFAULT_INTERFACE_PREFIX, gateway).start()) {
        String iface = agent.interfaces().get("blue");
        RegistrationHttpClient http = RegistrationHttpClient.to(stack.url(), stack.caPem());
        List<Long> millis = new ArrayList<>();
        // The first join warms the JIT and the connections; it is not counted.
        for (int i = 0; i <= samples; i++) {
          long start = System.nanoTime();
          String publicKey = join(http, token, "node-" + i, random);
          awaitPeer(gateway, iface, publicKey);
          long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
          if (i > 0) {
            millis.add(elapsed);
          }
        }
        Collections.sort(millis);
        long median = millis.get(millis.size() / 2);
        long max = millis.get(millis.size() - 1);
        out.println("vrouter convergence (node registers -> gateway programmed), " + samples + " joins: median " + median
            + " ms, max " + max + " ms");
        Map<String, String> figures = new LinkedHashMap<>();
        figures.put("vrouter_convergence_ms", String.valueOf(median));
        figures.put("vrouter_convergence_max_ms", String.valueOf(max));
        figures.put("samples", String.valueOf(samples));
        return figures;
      }
    } finally {
      try (var files = Files.walk(data)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static String joinToken(BenchStack stack) throws InterruptedException {
    VRouter vrouter = new VRouter();
    vrouter.getMetadata().setName("edge");
    vrouter.getMetadata().setNamespace(BenchStack.NAMESPACE);
    vrouter.setSpec(new VRouterSpec());
    vrouter.getSpec().setRegion("bench");
    vrouter.getSpec().setCvlans(List.of("blue"));
    vrouter.getSpec().setRoutes(List.of("192.168.50.0/24"));
    stack.server().client().resource(vrouter).create();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      var secret = stack.server().client().secrets().inNamespace(BenchStack.NAMESPACE).withName("edge-join").get();
      if (secret != null && TokenSecrets.tokenOf(secret).isPresent()) {
        return TokenSecrets.tokenOf(secret).get();
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the vrouter's join token was not signed within " + TIMEOUT.toSeconds() + " s");
  }

  /** Registers one node as an agent would (its own keys, a CSR); returns its WireGuard public key. */
  private static String join(RegistrationHttpClient http, String token, String hostname, SecureRandom random) throws Exception {
    String publicKey = WireGuardKeys.generate(random).publicKey();
    byte[] nonce = new byte[32];
    random.nextBytes(nonce);
    byte[] mac = new byte[6];
    random.nextBytes(mac);
    mac[0] = 0x02;
    RegisterRequest request = new RegisterRequest(token, publicKey, HexFormat.ofDelimiter(":").formatHex(mac), HexFormat.of().formatHex(nonce),
        hostname, "linux", "bench", List.of(new EndpointDto("192.0.2.1", 51820)), CsrKeys.generate(hostname, random).csrPem(), null, null);
    RegistrationHttpClient.Reply reply = http.post("/client/register", request, Map.of(), TIMEOUT);
    if (reply.status() != 201 && reply.status() != 200) {
      throw new IllegalStateException("registration of " + hostname + " refused: HTTP " + reply.status() + " " + reply.text());
    }
    return publicKey;
  }

  private static void awaitPeer(InMemoryGateway gateway, String iface, String publicKey) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (gateway.device(iface).map(d -> d.read().peers().stream().map(PeerConfig::publicKey).anyMatch(publicKey::equals)).orElse(false)) {
        return;
      }
      Thread.sleep(1);
    }
    throw new IllegalStateException("the gateway did not program node key within " + TIMEOUT.toSeconds() + " s");
  }
}
