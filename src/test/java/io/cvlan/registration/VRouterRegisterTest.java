package io.cvlan.registration;

import static io.cvlan.registration.Registrations.request;
import static io.cvlan.registration.Registrations.withCsr;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cvlan.api.v1alpha1.VRouter;
import io.cvlan.api.v1alpha1.VppInterface;
import io.cvlan.operator.token.TokenSecrets;
import io.cvlan.testing.ApiClient;
import io.cvlan.testing.OperatorFixture;
import io.cvlan.testing.RegistrationFixture;
import io.cvlan.testing.TestPki;
import io.fabric8.kubernetes.api.model.Secret;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code POST /vrouter/register}: a join token buys the 8-hour certificate, the peers and the VPP config. */
class VRouterRegisterTest {
  @RegisterExtension
  static final RegistrationFixture api = new RegistrationFixture();

  final Registrations given = new Registrations(api);

  ApiClient.Response register(io.cvlan.registration.protocol.RegisterRequest request) {
    return api.client().post("/vrouter/register", request);
  }

  /** VRouter edge in CVLAN blue, advertising 192.168.50.0/24; answers its join token. */
  String edgeJoinToken() {
    given.readyCvlan("blue", "10.100.0.0/16");
    api.k8s().createVRouter("edge", spec -> {
      spec.setCvlans(List.of("blue"));
      spec.setRoutes(List.of("192.168.50.0/24"));
      VppInterface uplink = new VppInterface();
      uplink.setName("uplink0");
      uplink.setAddresses(List.of("203.0.113.1/24"));
      spec.setInterfaces(List.of(uplink));
    });
    Secret join = api.k8s().awaitUntil(Secret.class, "edge-join", s -> TokenSecrets.tokenOf(s).isPresent());
    Registrations.await(() -> api.api().cache().vrouter(api.k8s().namespace(), "edge").isPresent());
    return TokenSecrets.tokenOf(join).orElseThrow();
  }

  @Test
  void joinTokenBuysAnEightHourCertificateTheConfigAndAPollInterval() {
    String token = edgeJoinToken();
    String publicKey = OperatorFixture.randomWireGuardKey();

    Instant before = api.k8s().clock().instant().truncatedTo(ChronoUnit.SECONDS);

    ApiClient.Response response = register(request(token, "edge", publicKey));

    Instant after = api.k8s().clock().instant();
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    JsonNode body = response.json();
    assertThat(body.get("node_id").asText()).isEqualTo("vrouter-edge");
    VRouter vrouter = api.k8s().get(VRouter.class, "edge");
    // The only member of a fresh 10.100.0.0/16: its first address after the network and gateway addresses.
    assertThat(body.get("ipv4").asText()).isEqualTo("10.100.0.2").isEqualTo(vrouter.getStatus().getAddresses().get(0).getIpv4());
    assertThat(body.get("poll_interval_seconds").asInt()).isEqualTo(5);
    X509Certificate certificate = TestPki.certificate(body.get("certificate").asText());
    assertThat(body.get("private_key").asText()).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(TestPki.keyPairsWithCertificate(TestPki.ecPrivateKey(body.get("private_key").asText()), certificate)).isTrue();
    assertThat(Duration.between(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant()))
        .isBetween(Duration.ofHours(8).minusMinutes(10), Duration.ofHours(8).plusMinutes(10));
    assertThat(TestPki.commonName(certificate)).isEqualTo("vrouter-edge");
    assertThat(body.get("config").get("routes").get(0).asText()).isEqualTo("192.168.50.0/24");
    assertThat(body.get("config").get("interfaces").get(0).get("name").asText()).isEqualTo("uplink0");
    assertThat(body.get("config").has("vrfs")).isTrue();
    assertThat(vrouter.getStatus().getPublicKey()).isEqualTo(publicKey);
    // Registration is a sign of life, recorded to the second.
    assertThat(Instant.parse(vrouter.getStatus().getLastSeen())).isBetween(before, after);
  }

  @Test
  void vrouterPeersWithEveryMemberOfItsFirstCvlan() {
    String joinToken = edgeJoinToken();
    String clientToken = given.tokenText("t1", "blue", spec -> spec.setTaints(List.of("team-a")));
    String nodeId = api.client().post("/client/register", request(clientToken, "laptop")).json().get("node_id").asText();
    given.awaitPublished("blue", nodeId);

    ApiClient.Response response = register(request(joinToken, "edge"));

    assertThat(response.status()).as(response.body()).isEqualTo(201);
    List<String> peerIds = new ArrayList<>();
    response.json().get("peers").forEach(p -> peerIds.add(p.get("id").asText()));
    assertThat(peerIds).contains(nodeId).doesNotContain("vrouter-edge");
  }

  @Test
  void clientTokenCannotRegisterAVRouter() {
    given.readyCvlan("blue", "10.100.0.0/16");
    String token = given.tokenText("t1", "blue");

    ApiClient.Response response = register(request(token, "edge"));

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.error()).isEqualTo("wrong_kind");
  }

  @Test
  void joinTokenOfADeletedVRouterIsRevoked() {
    String token = edgeJoinToken();
    String uid = api.k8s().get(VRouter.class, "edge").getMetadata().getUid();
    api.k8s().client().resources(VRouter.class).inNamespace(api.k8s().namespace()).withName("edge").delete();
    Registrations.await(() -> api.api().cache().vrouterByUid(uid).isEmpty());

    ApiClient.Response response = register(request(token, "edge"));

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.error()).isEqualTo("revoked");
  }
  @Test
  void csrGetsTheAgentsOwnKeyCertifiedAndNoPrivateKeyBack() {
    String token = edgeJoinToken();
    KeyPair agentKey = TestPki.ecKeyPair();

    ApiClient.Response response = register(withCsr(request(token, "edge"), TestPki.csrPem(agentKey, "CN=edge")));

    assertThat(response.status()).as(response.body()).isEqualTo(201);
    X509Certificate certificate = TestPki.certificate(response.json().get("certificate").asText());
    assertThat(response.json().has("private_key")).isFalse();
    assertThat(certificate.getPublicKey()).isEqualTo(agentKey.getPublic());
    assertThat(TestPki.uriSans(certificate)).containsExactly("vrouter:edge");
  }

  @Test
  void malformedCsrIsRefusedBeforeAnythingIsWritten() {
    String token = edgeJoinToken();

    ApiClient.Response response = register(withCsr(request(token, "edge"), "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n"));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.error()).isEqualTo("invalid_csr");
    assertThat(api.k8s().get(VRouter.class, "edge").getStatus().getPublicKey()).isNull();
  }

  @Test
  void operatorRenewsTheAgentsKeyInsteadOfMakingOne() {
    String token = edgeJoinToken();
    KeyPair agentKey = TestPki.ecKeyPair();
    register(withCsr(request(token, "edge"), TestPki.csrPem(agentKey, "CN=edge")));
    String first = TestPki.data(api.k8s().get(Secret.class, "edge-tls"), "tls.crt");

    api.k8s().clock().advance(Duration.ofHours(6));
    touch("edge");

    Secret renewed = api.k8s().awaitUntil(Secret.class, "edge-tls", s -> !TestPki.data(s, "tls.crt").equals(first));
    assertThat(TestPki.certificate(TestPki.data(renewed, "tls.crt")).getPublicKey()).isEqualTo(agentKey.getPublic());
    assertThat(renewed.getData().get("tls.key")).isNullOrEmpty();
  }

  @Test
  void renewalWithTheCurrentCertificateNeedsNoJoinToken() {
    String token = edgeJoinToken();
    KeyPair agentKey = TestPki.ecKeyPair();
    String csr = TestPki.csrPem(agentKey, "CN=edge");
    String certificate = register(withCsr(request(token, "edge"), csr)).json().get("certificate").asText();
    ApiClient edge = api.clientWithCertificate(certificate, io.cvlan.pki.Keys.toPem(agentKey.getPrivate()))
        .withHeader("X-Node-Id", "vrouter-edge");
    api.k8s().clock().advance(Duration.ofHours(6));

    ApiClient.Response response = edge.post("/vrouter/renew", java.util.Map.of("csr", csr));

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    X509Certificate renewed = TestPki.certificate(response.json().get("certificate").asText());
    assertThat(renewed.getNotAfter()).isAfter(TestPki.certificate(certificate).getNotAfter());
    assertThat(renewed.getPublicKey()).isEqualTo(agentKey.getPublic());
  }

  @Test
  void renewalWithoutAClientCertificateIsRefused() {
    edgeJoinToken();

    ApiClient.Response response = api.client().withHeader("X-Node-Id", "vrouter-edge").post("/vrouter/renew",
        java.util.Map.of("csr", TestPki.csrPem(TestPki.ecKeyPair(), "CN=edge")));

    assertThat(response.status()).isEqualTo(401);
  }

  /** A spec change, so that the operator reconciles now (status writes start no reconcile). */
  private static void touch(String vrouter) {
    api.k8s().client().resources(VRouter.class).inNamespace(api.k8s().namespace()).withName(vrouter)
        .edit(v -> {
          v.getSpec().setRegion(v.getSpec().getRegion() + "-x");
          return v;
        });
  }
}
