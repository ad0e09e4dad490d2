package io.cvlan.registration;

import io.cvlan.model.Conditions;
import static io.cvlan.registration.Registrations.request;
import static io.cvlan.registration.Registrations.withCsr;
import static io.cvlan.registration.Registrations.withNonce;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.api.v1alpha1.RegistrationToken;
import io.cvlan.model.TokenUsage;
import io.cvlan.pki.BuiltInCa;
import io.cvlan.registration.protocol.RegisterRequest;
import io.cvlan.registration.register.ClientRegistration;
import io.cvlan.testing.ApiClient;
import io.cvlan.testing.OperatorFixture;
import io.cvlan.testing.RegistrationFixture;
import io.cvlan.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code POST /client/register} over real HTTPS, with the real reconcilers on the embedded API server. */
class ClientRegisterTest {
  @RegisterExtension
  static final RegistrationFixture api = new RegistrationFixture();

  final Registrations given = new Registrations(api);

  ApiClient.Response register(RegisterRequest request) {
    return api.client().post("/client/register", request);
  }

  /** The binding registration records: SHA-256 of the MAC and the nonce, never their values. */
  static String sha256Hex(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  String blueToken() {
    given.readyCvlan("blue", "10.100.0.0/16");
    return given.tokenText("t1", "blue");
  }

  @Test
  void registrationReturnsAnIdentityWhoseCertificateChainsToTheCvlanCa() throws Exception {
    String token = blueToken();

    RegisterRequest request = request(token, "laptop");

    ApiClient.Response response = register(request);

    assertThat(response.status()).as(response.body()).isEqualTo(201);
    JsonNode body = response.json();
    String nodeId = body.get("node_id").asText();
    // The hostname, then 8 random base32 characters: a DNS label.
    assertThat(nodeId).matches("laptop-[a-z2-7]{8}");
    // The first address of 10.100.0.0/16 after the reserved network and gateway addresses.
    assertThat(body.get("ipv4").asText()).isEqualTo("10.100.0.2");
    assertThat(body.get("cvlan").get("name").asText()).isEqualTo("blue");
    assertThat(body.get("cvlan").get("cidr").asText()).isEqualTo("10.100.0.0/16");
    X509Certificate certificate = TestPki.certificate(body.get("certificate").asText());
    assertThat(body.get("private_key").asText()).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(TestPki.keyPairsWithCertificate(TestPki.ecPrivateKey(body.get("private_key").asText()), certificate)).isTrue();
    X509Certificate ca = TestPki.certificate(body.get("ca_chain").asText());
    certificate.verify(ca.getPublicKey());
    assertThat(TestPki.commonName(certificate)).isEqualTo("node-" + nodeId);
    String cvlanCa = TestPki.data(api.k8s().get(io.fabric8.kubernetes.api.model.Secret.class, BuiltInCa.caSecretName("blue")), "ca.crt");
    assertThat(TestPki.certificate(cvlanCa)).isEqualTo(ca);
    OverlayNode node = api.k8s().get(OverlayNode.class, nodeId);
    assertThat(node.getSpec().getHostname()).isEqualTo("laptop");
    assertThat(node.getSpec().getTokenRef()).isEqualTo("t1");
    assertThat(node.getSpec().getBinding()).isEqualTo(sha256Hex("02:00:00:aa:bb:cc" + request.nonce()));
    assertThat(api.metrics().find(ClientRegistration.METRIC).tags("namespace", api.k8s().namespace(), "cvlan", "blue").counter().count())
        .isEqualTo(1.0);
    assertThat(api.metrics().scrape()).contains("cvlan_registrations_total{cvlan=\"blue\",namespace=\"" + api.k8s().namespace() + "\"}");
  }

  @Test
  void peersIncludeANodeRegisteredEarlier() {
    String token = blueToken();
    String first = register(request(token, "first")).json().get("node_id").asText();
    long publishedWithFirst = given.awaitPublished("blue", first).version();

    ApiClient.Response second = register(request(token, "second"));

    assertThat(second.status()).as(second.body()).isEqualTo(201);
    List<String> peerIds = new ArrayList<>();
    second.json().get("peers").forEach(p -> peerIds.add(p.get("id").asText()));
    assertThat(peerIds).contains(first).doesNotContain(second.json().get("node_id").asText());
    // The version of the peer list it was answered from: at least the one that first published "first".
    assertThat(second.json().get("version").asLong()).isGreaterThanOrEqualTo(publishedWithFirst).isPositive();
  }

  @Test
  void reRegisteringWithTheSameKeyAndHostnameReturnsTheSameIdentityWithoutAUse() {
    given.readyCvlan("blue", "10.100.0.0/16");
    String token = given.tokenText("once", "blue", spec -> spec.setMaxUses(1));
    RegisterRequest request = request(token, "laptop");
    ApiClient.Response first = register(request);

    ApiClient.Response again = register(withNonce(request, Registrations.nonce()));

    assertThat(again.status()).as(again.body()).isEqualTo(201);
    assertThat(again.json().get("node_id").asText()).isEqualTo(first.json().get("node_id").asText());
    assertThat(again.json().get("ipv4").asText()).isEqualTo(first.json().get("ipv4").asText());
    assertThat(given.nodes()).hasSize(1);
    assertThat(TokenUsage.uses(api.k8s().get(RegistrationToken.class, "once"))).isEqualTo(1);
  }

  @Test
  void concurrentRetriesOfOneRegistrationCreateOneNode() throws Exception {
    String token = blueToken();
    RegisterRequest request = request(token, "laptop");
    ExecutorService pool = Executors.newFixedThreadPool(10);
    try {
      List<Future<ApiClient.Response>> results = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        RegisterRequest retry = withNonce(request, Registrations.nonce());
        results.add(pool.submit(() -> register(retry)));
      }
      List<String> nodeIds = new ArrayList<>();
      for (Future<ApiClient.Response> result : results) {
        ApiClient.Response response = result.get();
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        nodeIds.add(response.json().get("node_id").asText());
      }

      assertThat(nodeIds).containsOnly(nodeIds.get(0));
      assertThat(given.nodes()).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void hostnameRegisteredWithAnotherKeyIsAConflict() {
    String token = blueToken();
    register(request(token, "laptop"));

    ApiClient.Response response = register(request(token, "laptop"));

    assertThat(response.status()).isEqualTo(409);
    assertThat(response.error()).isEqualTo("hostname_taken");
    assertThat(given.nodes()).hasSize(1);
  }

  @Test
  void publicKeyRegisteredUnderAnotherHostnameIsAConflict() {
    String token = blueToken();
    String key = OperatorFixture.randomWireGuardKey();
    register(request(token, "laptop", key));

    ApiClient.Response response = register(request(token, "desktop", key));

    assertThat(response.status()).isEqualTo(409);
    assertThat(response.error()).isEqualTo("public_key_taken");
    assertThat(given.nodes()).hasSize(1);
  }

  @Test
  void reusedNonceIsRefused() {
    String token = blueToken();
    RegisterRequest first = request(token, "laptop");
    register(first);

    ApiClient.Response replay = register(withNonce(request(token, "desktop"), first.nonce()));

    assertThat(replay.status()).isEqualTo(409);
    assertThat(replay.error()).isEqualTo("nonce_replayed");
    assertThat(given.nodes()).hasSize(1);
  }

  @Test
  void oneTimeTokenRegistersExactlyOneNodeUnderRace() throws Exception {
    given.readyCvlan("blue", "10.100.0.0/16");
    String token = given.tokenText("once", "blue", spec -> spec.setMaxUses(1));
    int racers = 50;
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<ApiClient.Response>> results = new ArrayList<>();
    try {
      for (int i = 0; i < racers; i++) {
        RegisterRequest request = request(token, "racer-" + i);
        Callable<ApiClient.Response> call = () -> {
          start.await();
          return register(request);
        };
        results.add(pool.submit(call));
      }
      start.countDown();
      List<ApiClient.Response> responses = new ArrayList<>();
      for (Future<ApiClient.Response> result : results) {
        responses.add(result.get());
      }

      assertThat(responses).filteredOn(r -> r.status() == 201).hasSize(1);
      assertThat(responses).filteredOn(r -> r.status() == 403 && "exhausted".equals(r.error())).hasSize(racers - 1);
      assertThat(given.nodes()).hasSize(1);
      assertThat(TokenUsage.uses(api.k8s().get(RegistrationToken.class, "once"))).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void tokenWithThreeUsesRegistersThreeNodesThenIsExhausted() {
    given.readyCvlan("blue", "10.100.0.0/16");
    String token = given.tokenText("three", "blue", spec -> spec.setMaxUses(3));

    for (int i = 0; i < 3; i++) {
      ApiClient.Response response = register(request(token, "host-" + i));
      assertThat(response.status()).as(response.body()).isEqualTo(201);
    }
    ApiClient.Response fourth = register(request(token, "host-3"));

    assertThat(fourth.status()).isEqualTo(403);
    assertThat(fourth.error()).isEqualTo("exhausted");
    assertThat(given.nodes()).hasSize(3);
  }

  @Test
  void usesOfAnUnlimitedTokenAreCountedWithinSeconds() {
    String token = blueToken();

    register(request(token, "a"));
    register(request(token, "b"));

    RegistrationToken counted = api.k8s().awaitUntil(RegistrationToken.class, "t1", t -> TokenUsage.uses(t) == 2);
    assertThat(TokenUsage.lastUsedAt(counted)).isPresent();
  }

  @Test
  void publicKeyOfTheWrongLengthIsMalformed() {
    String token = blueToken();
    String shortKey = java.util.Base64.getEncoder().encodeToString(new byte[31]);

    ApiClient.Response response = register(request(token, "laptop", shortKey));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.error()).isEqualTo("malformed");
    assertThat(response.json().get("message").asText()).contains("public_key");
    assertThat(given.nodes()).isEmpty();
  }

  @Test
  void invalidCsrIsRefusedAndCreatesNothing() {
    String token = blueToken();

    ApiClient.Response response = register(withCsr(request(token, "laptop"),
        "-----BEGIN CERTIFICATE REQUEST-----\nbm90IGEgY3Ny\n-----END CERTIFICATE REQUEST-----\n"));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.error()).isEqualTo("invalid_csr");
    assertThat(given.nodes()).isEmpty();
  }

  @Test
  void csrWhoseSignatureDoesNotVerifyIsRefusedWithTheParsersReasonAndCreatesNothing() {
    String token = blueToken();
    KeyPair claimed = TestPki.ecKeyPair();
    String tampered = TestPki.csrPem(claimed.getPublic(), TestPki.ecKeyPair().getPrivate(), "laptop");

    ApiClient.Response response = register(withCsr(request(token, "laptop"), tampered));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.error()).isEqualTo("invalid_csr");
    assertThat(response.json().get("message").asText()).isEqualTo("the CSR's signature does not verify with its public key");
    assertThat(given.nodes()).isEmpty();
  }

  @Test
  void csrKeepsThePrivateKeyWithTheAgent() {
    String token = blueToken();
    KeyPair keys = TestPki.ecKeyPair();

    ApiClient.Response response = register(withCsr(request(token, "laptop"), TestPki.csrPem(keys, "someone-else")));

    assertThat(response.status()).as(response.body()).isEqualTo(201);
    assertThat(response.json().get("private_key")).isNull();
    X509Certificate certificate = TestPki.certificate(response.json().get("certificate").asText());
    assertThat(certificate.getPublicKey()).isEqualTo(keys.getPublic());
  }

  @Test
  void expiredTokenIsUnauthorized() {
    String token = blueToken();
    api.k8s().clock().advance(Duration.ofHours(25));

    ApiClient.Response response = register(request(token, "laptop"));

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.error()).isEqualTo("expired");
    assertThat(given.nodes()).isEmpty();
  }

  @Test
  void tokenSignedByAKeyAddedAfterTheRingWasCachedIsAccepted() throws Exception {
    String first = blueToken();
    assertThat(register(request(first, "before")).status()).isEqualTo(201);
    new io.cvlan.token.store.SigningKeyStore(api.k8s().client(), api.k8s().clock(), new java.security.SecureRandom(),
        Duration.ofDays(90)).rotate(api.k8s().namespace());
    String second = given.tokenText("t2", "blue");
    io.cvlan.token.TokenCodec codec = new io.cvlan.token.TokenCodec();
    assertThat(codec.parse(second).kid()).isNotEqualTo(codec.parse(first).kid());

    ApiClient.Response response = register(request(second, "after"));

    assertThat(response.status()).as(response.body()).isEqualTo(201);
  }

  @Test
  void tamperedTokenIsUnauthorized() {
    String token = blueToken();
    String tampered = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BA" : "AA");

    ApiClient.Response response = register(request(tampered, "laptop"));

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.error()).isIn("bad_signature", "malformed_base64");
    assertThat(given.nodes()).isEmpty();
  }

  @Test
  void deletedRegistrationTokenIsRevoked() {
    String token = blueToken();
    String uid = api.k8s().get(RegistrationToken.class, "t1").getMetadata().getUid();
    api.k8s().client().resources(RegistrationToken.class).inNamespace(api.k8s().namespace()).withName("t1").delete();
    Registrations.await(() -> api.api().cache().tokenByUid(uid).isEmpty());

    ApiClient.Response response = register(request(token, "laptop"));

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.error()).isEqualTo("revoked");
    assertThat(given.nodes()).isEmpty();
  }

  @Test
  void vrouterJoinTokenCannotRegisterAClient() {
    given.readyCvlan("blue", "10.100.0.0/16");
    api.k8s().createVRouter("edge", spec -> spec.setCvlans(List.of("blue")));
    var secret = api.k8s().awaitUntil(io.fabric8.kubernetes.api.model.Secret.class, "edge-join",
        s -> io.cvlan.operator.token.TokenSecrets.tokenOf(s).isPresent());

    ApiClient.Response response = register(request(io.cvlan.operator.token.TokenSecrets.tokenOf(secret).orElseThrow(), "laptop"));

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.error()).isEqualTo("wrong_kind");
    assertThat(given.nodes()).isEmpty();
  }

  @Test
  void cvlanThatIsNotReadyAsksToRetryLater() {
    String token = blueToken();
    api.k8s().client().resources(CVLAN.class).inNamespace(api.k8s().namespace()).withName("blue").edit(c -> {
      c.getSpec().setCidr("10.100.0.5/16");
      return c;
    });
    Registrations.await(() -> api.api().cache().cvlan(api.k8s().namespace(), "blue")
        .filter(c -> !Conditions.isTrue(c.getStatus(), "Ready")).isPresent());

    ApiClient.Response response = register(request(token, "laptop"));

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.error()).isEqualTo("cvlan_not_ready");
    assertThat(response.header("Retry-After")).isPresent();
    assertThat(given.nodes()).isEmpty();
  }

  @Test
  void exhaustedCvlanAsksToRetryLater() {
    given.readyCvlan("tiny", "10.9.0.0/30");
    String token = given.tokenText("t1", "tiny");
    assertThat(register(request(token, "only")).status()).isEqualTo(201);
    Registrations.await(() -> api.api().cache().cvlan(api.k8s().namespace(), "tiny")
        .filter(c -> Conditions.isTrue(c.getStatus(), "Exhausted")).isPresent());

    ApiClient.Response response = register(request(token, "one-too-many"));

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.error()).isEqualTo("cvlan_exhausted");
    assertThat(response.header("Retry-After")).isPresent();
    assertThat(given.nodes()).hasSize(1);
  }
}
