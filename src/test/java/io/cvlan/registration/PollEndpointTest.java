package io.cvlan.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.NodePhase;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.api.v1alpha1.PeerPolicy;
import io.cvlan.api.v1alpha1.VRouter;
import io.cvlan.api.v1alpha1.Vrf;
import io.cvlan.pki.CertificateAuthority;
import io.cvlan.pki.Keys;
import io.cvlan.pki.LeafProfile;
import io.cvlan.testing.ApiClient;
import io.cvlan.testing.OperatorFixture;
import io.cvlan.testing.RegistrationFixture;
import io.cvlan.testing.TestPki;
import io.fabric8.kubernetes.api.model.Secret;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /client/poll} and {@code POST /vrouter/poll} over real HTTPS, with the operator making Nodes
 * Ready on the embedded API server. Nodes are created the way registration creates them, and poll with the
 * certificate the operator issued them.
 */
class PollEndpointTest {
  @RegisterExtension
  static final RegistrationFixture api = new RegistrationFixture(Duration.ofSeconds(1));
  static final SecureRandom RANDOM = new SecureRandom();

  static OperatorFixture k8s() {
    return api.k8s();
  }

  static void readyCvlan(String name, PeerPolicy policy) {
    k8s().createCvlan(name, spec -> {
      spec.setCidr(name.equals("red") ? "10.101.0.0/24" : "10.100.0.0/24");
      spec.setPolicy(policy);
    });
    k8s().awaitUntil(CVLAN.class, name, c -> c.getStatus() != null && c.getStatus().getConditions().stream()
        .anyMatch(cond -> "Ready".equals(cond.getType()) && "True".equals(cond.getStatus())));
  }

  static void readyCvlan(String name) {
    readyCvlan(name, PeerPolicy.Open);
  }

  static OverlayNode join(String name, String cvlan, String... taints) {
    k8s().createNode(name, cvlan, n -> n.getSpec().setTaints(List.of(taints)));
    return k8s().awaitUntil(OverlayNode.class, name, n -> n.getStatus() != null && n.getStatus().getPhase() == NodePhase.Ready);
  }

  /** The identity registration hands out: the certificate and key in {@code <node>-tls}. */
  static ApiClient clientOf(String name) {
    Secret tls = k8s().get(Secret.class, name + "-tls");
    return api.clientWithCertificate(TestPki.data(tls, "tls.crt"), TestPki.data(tls, "tls.key")).withHeader("X-Node-Id", name);
  }

  static String nonce() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  static Map<String, Object> poll(Long lastSeen, Integer waitSeconds) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("mac", "02:42:ac:11:00:02");
    body.put("nonce", nonce());
    body.put("endpoints", List.of());
    if (lastSeen != null) {
      body.put("last_seen_version", lastSeen);
    }
    if (waitSeconds != null) {
      body.put("wait_seconds", waitSeconds);
    }
    return body;
  }

  static ApiClient.Response pollAs(ApiClient client, Long lastSeen) {
    return client.post("/client/poll", poll(lastSeen, null));
  }

  /** Polls until the answer satisfies {@code condition} (the operator publishes asynchronously). */
  static ApiClient.Response pollUntil(ApiClient client, Long lastSeen, Predicate<ApiClient.Response> condition) {
    return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
        .until(() -> pollAs(client, lastSeen), r -> r.status() == 200 && condition.test(r));
  }

  static List<String> peerIds(ApiClient.Response response) {
    List<String> ids = new ArrayList<>();
    response.json().get("peers").forEach(p -> ids.add(p.get("id").asText()));
    return ids;
  }

  static List<String> removed(ApiClient.Response response) {
    List<String> ids = new ArrayList<>();
    response.json().get("peers_removed").forEach(p -> ids.add(p.asText()));
    return ids;
  }

  static long version(ApiClient.Response response) {
    return response.json().get("version").asLong();
  }

  @Test
  void pollWithoutClientCertificateIsRefused() {
    readyCvlan("blue");
    join("a", "blue");

    ApiClient.Response response = api.client().withHeader("X-Node-Id", "a").post("/client/poll", poll(null, null));

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.error()).isEqualTo("client_certificate_required");
  }

  @Test
  void pollWithoutNodeIdIsRefused() {
    readyCvlan("blue");
    join("a", "blue");
    Secret tls = k8s().get(Secret.class, "a-tls");

    ApiClient.Response response = api.clientWithCertificate(TestPki.data(tls, "tls.crt"), TestPki.data(tls, "tls.key"))
        .post("/client/poll", poll(null, null));

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.error()).isEqualTo("missing_node_id");
  }

  @Test
  void certificateOfAnotherNodeIsRefused() {
    readyCvlan("blue");
    join("a", "blue");
    join("b", "blue");

    ApiClient.Response response = clientOf("a").withHeader("X-Node-Id", "b").post("/client/poll", poll(null, null));

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.error()).isEqualTo("node_id_mismatch");
  }

  @Test
  void certificateFromAnotherCvlansCaIsRefused() throws Exception {
    readyCvlan("blue");
    readyCvlan("red");
    join("a", "blue");
    join("r", "red");
    Secret redCa = k8s().get(Secret.class, "red-ca-key");
    CertificateAuthority red = CertificateAuthority.fromPem(TestPki.data(redCa, "tls.crt"), TestPki.data(redCa, "tls.key"), RANDOM);
    KeyPair keys = TestPki.ecKeyPair();
    String forged = CertificateAuthority.toPem(red.sign(new LeafProfile("node-a", "node:a", Duration.ofDays(1)), keys.getPublic(),
        k8s().clock().instant()));

    ApiClient.Response response = api.clientWithCertificate(forged, Keys.toPem(keys.getPrivate())).withHeader("X-Node-Id", "a")
        .post("/client/poll", poll(null, null));

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.error()).isEqualTo("bad_certificate");
  }

  @Test
  void expiredCertificateIsRefused() {
    readyCvlan("blue");
    join("a", "blue");
    ApiClient a = clientOf("a");
    assertThat(pollAs(a, null).status()).isEqualTo(200);

    k8s().clock().advance(Duration.ofDays(400));
    ApiClient.Response response = pollAs(a, null);

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.error()).isEqualTo("certificate_expired");
  }

  @Test
  void pollAnswersTheFullListThenWhatChangedAcrossAJoinAndALeave() {
    readyCvlan("blue");
    join("a", "blue");
    join("b", "blue");
    ApiClient a = clientOf("a");
    ApiClient.Response first = pollUntil(a, null, r -> peerIds(r).contains("b"));
    assertThat(first.json().get("full").asBoolean()).isTrue();
    assertThat(peerIds(first)).containsExactly("b");

    join("c", "blue");
    ApiClient.Response joined = pollUntil(a, version(first), r -> peerIds(r).contains("c"));
    assertThat(joined.json().get("full").asBoolean()).isFalse();
    assertThat(peerIds(joined)).containsExactly("c");
    assertThat(version(joined)).isGreaterThan(version(first));

    k8s().client().resources(OverlayNode.class).inNamespace(k8s().namespace()).withName("b").delete();
    ApiClient.Response left = pollUntil(a, version(joined), r -> removed(r).contains("b"));
    assertThat(peerIds(left)).isEmpty();
    assertThat(version(left)).isGreaterThan(version(joined));
  }

  @Test
  void nothingChangedSinceTheClientsVersionIsAKeepalive() {
    readyCvlan("blue");
    join("a", "blue");
    join("b", "blue");
    ApiClient a = clientOf("a");
    long version = version(pollUntil(a, null, r -> peerIds(r).contains("b")));

    ApiClient.Response response = pollAs(a, version);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("keepalive").asBoolean()).isTrue();
    assertThat(peerIds(response)).isEmpty();
    assertThat(version(response)).isEqualTo(version);
    assertThat(response.json().get("listen_port")).isNull();
  }

  @Test
  void longPollWakesUpWhenANodeJoins() throws Exception {
    readyCvlan("blue");
    join("a", "blue");
    join("b", "blue");
    ApiClient a = clientOf("a");
    long version = version(pollUntil(a, null, r -> peerIds(r).contains("b")));

    CompletableFuture<ApiClient.Response> waiting = CompletableFuture.supplyAsync(() -> a.post("/client/poll", poll(version, 20)));
    join("c", "blue");

    // Well before the 20 s wait ends: only the join can have answered it.
    ApiClient.Response response = waiting.get(15, TimeUnit.SECONDS);
    assertThat(response.json().get("keepalive").asBoolean()).isFalse();
    assertThat(peerIds(response)).contains("c");
  }

  @Test
  void longPollEndsWithAKeepaliveWhenNothingMoves() {
    readyCvlan("blue");
    join("a", "blue");
    join("b", "blue");
    ApiClient a = clientOf("a");
    long version = version(pollUntil(a, null, r -> peerIds(r).contains("b")));

    ApiClient.Response response = a.post("/client/poll", poll(version, 1));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("keepalive").asBoolean()).isTrue();
  }

  @Test
  void replayedNonceIsRefused() {
    readyCvlan("blue");
    join("a", "blue");
    ApiClient a = clientOf("a");
    Map<String, Object> body = poll(null, null);
    assertThat(a.post("/client/poll", body).status()).isEqualTo(200);

    ApiClient.Response replay = a.post("/client/poll", body);

    assertThat(replay.status()).isEqualTo(409);
    assertThat(replay.error()).isEqualTo("nonce_replayed");
  }

  @Test
  void malformedPollNamesTheField() {
    readyCvlan("blue");
    join("a", "blue");
    Map<String, Object> body = poll(null, null);
    body.put("nonce", "abc");
    Map<String, Object> badPort = poll(null, null);
    badPort.put("endpoints", List.of(Map.of("host", "203.0.113.7", "port", 70000)));

    ApiClient.Response nonce = clientOf("a").post("/client/poll", body);
    ApiClient.Response port = clientOf("a").post("/client/poll", badPort);

    assertThat(nonce.status()).isEqualTo(400);
    assertThat(nonce.json().get("message").asText()).contains("nonce");
    assertThat(port.status()).isEqualTo(400);
    assertThat(port.json().get("message").asText()).contains("endpoints[0].port");
  }

  @Test
  void isolatedNodeIsToldOnlyOfPeersSharingATaint() {
    readyCvlan("blue", PeerPolicy.Isolated);
    join("a", "blue", "team-x");
    join("b", "blue", "team-x");
    join("c", "blue", "team-y");
    join("d", "blue", "team-y");

    ApiClient.Response response = pollUntil(clientOf("a"), null, r -> !peerIds(r).isEmpty());

    await().atMost(Duration.ofSeconds(20)).until(() -> peerIds(pollAs(clientOf("c"), null)).contains("d"));
    assertThat(peerIds(pollAs(clientOf("a"), null))).containsExactly("b");
    assertThat(peerIds(response)).doesNotContain("a", "c", "d");
  }

  /** Batching (one write per node per flush, however many polls) is SeenBatcherTest's; here: polls reach the Node. */
  @Test
  void pollsRecordTheLastSignOfLifeOnTheNodeAgainOnceTheStoredOneIsAMinuteOld() {
    readyCvlan("blue");
    join("a", "blue");
    ApiClient a = clientOf("a");
    assertThat(pollAs(a, null).status()).isEqualTo(200);
    k8s().awaitUntil(OverlayNode.class, "a", n -> n.getStatus().getLastSeen() != null);

    k8s().clock().advance(java.time.Duration.ofMinutes(1));
    Instant lastPollStarted = k8s().clock().instant();
    assertThat(pollAs(a, null).status()).isEqualTo(200);
    Instant lastPollEnded = k8s().clock().instant();

    OverlayNode seen = k8s().awaitUntil(OverlayNode.class, "a", n -> n.getStatus().getLastSeen() != null
        && !Instant.parse(n.getStatus().getLastSeen()).isBefore(lastPollStarted));
    assertThat(Instant.parse(seen.getStatus().getLastSeen())).isBetween(lastPollStarted, lastPollEnded);
  }

  @Test
  void reportedEndpointsReachTheNodeSpecAndItsPeers() {
    readyCvlan("blue");
    join("a", "blue");
    join("b", "blue");
    Map<String, Object> body = poll(null, null);
    body.put("endpoints", List.of(Map.of("host", "203.0.113.7", "port", 51820)));

    assertThat(clientOf("a").post("/client/poll", body).status()).isEqualTo(200);

    k8s().awaitUntil(OverlayNode.class, "a", n -> n.getSpec().getEndpoints().size() == 1
        && "203.0.113.7".equals(n.getSpec().getEndpoints().get(0).getHost()));
    ApiClient.Response seenByB = pollUntil(clientOf("b"), null, r -> {
      for (JsonNode peer : r.json().get("peers")) {
        if (peer.get("id").asText().equals("a") && peer.get("endpoints").size() == 1) {
          return true;
        }
      }
      return false;
    });
    assertThat(seenByB.json().get("peers").get(0).get("endpoints").get(0).get("port").asInt()).isEqualTo(51820);
  }

  @Test
  void vrouterPollCarriesItsConfigAndAFiveSecondInterval() {
    readyCvlan("blue");
    join("a", "blue");
    k8s().createVRouter("edge", spec -> {
      spec.setCvlans(List.of("blue"));
      spec.setRoutes(List.of("192.168.50.0/24"));
      Vrf vrf = new Vrf();
      vrf.setName("tenant");
      vrf.setTableId(7);
      spec.setVrfs(List.of(vrf));
    });
    k8s().awaitUntil(VRouter.class, "edge", v -> v.getStatus() != null && v.getStatus().getCertificateSecret() != null);
    Secret tls = k8s().get(Secret.class, "edge-tls");
    ApiClient edge = api.clientWithCertificate(TestPki.data(tls, "tls.crt"), TestPki.data(tls, "tls.key"))
        .withHeader("X-Node-Id", "vrouter-edge");
    Map<String, Object> body = poll(null, null);
    body.remove("mac");

    ApiClient.Response response = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
        .until(() -> edge.post("/vrouter/poll", withFreshNonce(body)), r -> r.status() == 200 && peerIds(r).contains("a"));

    assertThat(response.json().get("poll_interval_seconds").asInt()).isEqualTo(5);
    assertThat(response.json().get("config").get("routes").get(0).asText()).isEqualTo("192.168.50.0/24");
    assertThat(response.json().get("config").get("vrfs").get(0).get("table_id").asInt()).isEqualTo(7);
    k8s().awaitUntil(VRouter.class, "edge", v -> v.getStatus().getLastSeen() != null);
  }

  /** VRouter edge serving blue and red, with the certificate the operator issued (no agent registered yet). */
  static ApiClient edgeServingBlueAndRed() {
    readyCvlan("blue");
    readyCvlan("red");
    join("a", "blue");
    join("r", "red");
    k8s().createVRouter("edge", spec -> {
      spec.setCvlans(List.of("blue", "red"));
      spec.setRoutes(List.of("192.168.50.0/24"));
    });
    k8s().awaitUntil(VRouter.class, "edge", v -> v.getStatus() != null && v.getStatus().getCertificateSecret() != null);
    Secret tls = k8s().get(Secret.class, "edge-tls");
    return api.clientWithCertificate(TestPki.data(tls, "tls.crt"), TestPki.data(tls, "tls.key")).withHeader("X-Node-Id", "vrouter-edge");
  }

  @Test
  void vrouterPollsEachOfItsCvlansApart() {
    ApiClient edge = edgeServingBlueAndRed();
    Map<String, Object> body = poll(null, null);
    body.remove("mac");
    body.put("cvlan", "red");

    ApiClient.Response response = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
        .until(() -> edge.post("/vrouter/poll", withFreshNonce(body)), r -> r.status() == 200 && !peerIds(r).isEmpty());

    assertThat(peerIds(response)).containsExactly("r");
  }

  @Test
  void vrouterConfigListsEveryCvlanWithItsAddressThere() {
    ApiClient edge = edgeServingBlueAndRed();
    Map<String, Object> body = poll(null, null);
    body.remove("mac");

    JsonNode cvlans = edge.post("/vrouter/poll", body).json().get("config").get("cvlans");

    VRouter vrouter = k8s().get(VRouter.class, "edge");
    assertThat(cvlans).hasSize(2);
    assertThat(cvlans.get(0).get("name").asText()).isEqualTo("blue");
    assertThat(cvlans.get(0).get("cidr").asText()).isEqualTo("10.100.0.0/24");
    assertThat(cvlans.get(0).get("ipv4").asText()).isEqualTo(vrouter.getStatus().getAddresses().get(0).getIpv4());
    assertThat(cvlans.get(1).get("name").asText()).isEqualTo("red");
    assertThat(cvlans.get(1).get("cidr").asText()).isEqualTo("10.101.0.0/24");
  }

  @Test
  void vrouterCannotPollACvlanItDoesNotServe() {
    ApiClient edge = edgeServingBlueAndRed();
    Map<String, Object> body = poll(null, null);
    body.remove("mac");
    body.put("cvlan", "green");

    ApiClient.Response response = edge.post("/vrouter/poll", body);

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.error()).isEqualTo("not_served");
  }

  static Map<String, Object> withFreshNonce(Map<String, Object> body) {
    Map<String, Object> copy = new LinkedHashMap<>(body);
    copy.put("nonce", nonce());
    return copy;
  }
}
