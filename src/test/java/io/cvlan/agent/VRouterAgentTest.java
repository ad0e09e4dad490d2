package io.cvlan.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cvlan.agent.identity.IdentityStore;
import io.cvlan.agent.token.TokenSources;
import io.cvlan.agent.vrouter.ForwardingPolicy;
import io.cvlan.agent.vrouter.InMemoryGateway;
import io.cvlan.agent.vrouter.PolicyRule;
import io.cvlan.agent.wireguard.PeerConfig;
import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.NodePhase;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.api.v1alpha1.VRouter;
import io.cvlan.operator.token.TokenSecrets;
import io.cvlan.testing.RegistrationFixture;
import io.cvlan.testing.Statuses;
import io.cvlan.testing.TestPki;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vrouter agent against the operator and its registration API, on an in-memory gateway: what it keeps on
 * disk, how it renews, and how each CVLAN gets an interface of its own. Time is the fixture's clock.
 */
class VRouterAgentTest {
  @RegisterExtension
  static final RegistrationFixture api = new RegistrationFixture(Duration.ofSeconds(1));

  @TempDir
  Path dir;

  private final List<VRouterAgent> agents = new ArrayList<>();

  @AfterEach
  void stop() {
    agents.forEach(VRouterAgent::close);
  }

  private void readyCvlan(String name, String cidr) {
    api.k8s().createCvlan(name, cidr);
    api.k8s().awaitUntil(CVLAN.class, name, c -> Statuses.hasCondition(c, "Ready", "True"));
  }

  private OverlayNode node(String name, String cvlan) {
    api.k8s().createNode(name, cvlan);
    return api.k8s().awaitUntil(OverlayNode.class, name, n -> n.getStatus() != null && n.getStatus().getPhase() == NodePhase.Ready);
  }

  private String joinToken(List<String> cvlans) {
    api.k8s().createVRouter("edge", spec -> {
      spec.setCvlans(cvlans);
      spec.setRoutes(List.of("192.168.50.0/24"));
    });
    return TokenSecrets.tokenOf(api.k8s().awaitUntil(Secret.class, "edge-join", s -> TokenSecrets.tokenOf(s).isPresent())).orElseThrow();
  }

  /** An agent with {@code token} (none: it must make do with its data dir), on its own in-memory gateway. */
  private VRouterAgent agent(Optional<String> token, InMemoryGateway gateway) throws Exception {
    AgentSettings settings = new AgentSettings(dir.resolve("data"), "unused", 51820, "gw-host", "linux", List.of(),
        Optional.of(api.baseUrl()), Optional.of(api.caPem()), new TokenSources(token, dir.resolve("no-token-file"), Map.of(),
        Optional.empty()), api.k8s().clock(), new AgentSettings.Placement.VRouter(), Optional.empty());
    VRouterAgent agent = new VRouterAgent(settings, VRouterAgent.DEFAULT_INTERFACE_PREFIX, gateway);
    agents.add(agent);
    return agent.start();
  }

  private Path file(String name) {
    return dir.resolve("data").resolve(name);
  }

  private static List<String> peerKeys(InMemoryGateway gateway, String iface) {
    return gateway.device(iface).map(d -> d.read().peers().stream().map(PeerConfig::publicKey).toList()).orElse(List.of());
  }

  @Test
  void agentKeepsItsCertificateKeyOnTheMachineAndItsIdentityPrivate() throws Exception {
    readyCvlan("blue", "10.77.0.0/24");

    agent(Optional.of(joinToken(List.of("blue"))), new InMemoryGateway());

    X509Certificate certificate = TestPki.certificate(Files.readString(file(IdentityStore.CERTIFICATE)));
    assertThat(TestPki.keyPairsWithCertificate(TestPki.ecPrivateKey(Files.readString(file(IdentityStore.CERTIFICATE_KEY))), certificate))
        .isTrue();
    assertThat(api.k8s().get(Secret.class, "edge-tls").getData().get("tls.key")).isNullOrEmpty();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("data")))).isEqualTo("rwx------");
    for (String name : List.of(IdentityStore.IDENTITY, IdentityStore.PRIVATE_KEY, IdentityStore.CERTIFICATE, IdentityStore.CERTIFICATE_KEY)) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file(name)))).as(name).isEqualTo("rw-------");
    }
    assertThat(api.k8s().get(VRouter.class, "edge").getStatus().getPublicKey()).isNotNull();
  }

  @Test
  void restartedAgentRenewsWithItsCertificateAndNoJoinToken() throws Exception {
    readyCvlan("blue", "10.77.0.0/24");
    agent(Optional.of(joinToken(List.of("blue"))), new InMemoryGateway()).close();
    String key = Files.readString(file(IdentityStore.CERTIFICATE_KEY));
    X509Certificate first = TestPki.certificate(Files.readString(file(IdentityStore.CERTIFICATE)));

    api.k8s().clock().advance(Duration.ofHours(6));
    agent(Optional.empty(), new InMemoryGateway());

    X509Certificate renewed = TestPki.certificate(Files.readString(file(IdentityStore.CERTIFICATE)));
    assertThat(renewed.getNotAfter()).isAfter(first.getNotAfter());
    assertThat(renewed.getPublicKey()).isEqualTo(first.getPublicKey());
    assertThat(Files.readString(file(IdentityStore.CERTIFICATE_KEY))).isEqualTo(key);
  }

  @Test
  void certificateIsNotRenewedBeforeTwoThirdsOfItsLife() throws Exception {
    readyCvlan("blue", "10.77.0.0/24");
    VRouterAgent agent = agent(Optional.of(joinToken(List.of("blue"))), new InMemoryGateway());

    api.k8s().clock().advance(Duration.ofHours(5));

    assertThat(agent.renewIfDue()).isFalse();
  }

  @Test
  void eachCvlanIsProgrammedIntoItsOwnInterface() throws Exception {
    readyCvlan("blue", "10.77.0.0/24");
    readyCvlan("green", "10.78.0.0/24");
    OverlayNode a = node("a", "blue");
    OverlayNode b = node("b", "green");
    InMemoryGateway gateway = new InMemoryGateway();

    VRouterAgent agent = agent(Optional.of(joinToken(List.of("blue", "green"))), gateway);

    assertThat(agent.interfaces()).containsExactly(Map.entry("blue", "cvl-blue"), Map.entry("green", "cvl-green"));
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(peerKeys(gateway, "cvl-blue")).containsExactly(a.getSpec().getPublicKey());
      assertThat(peerKeys(gateway, "cvl-green")).containsExactly(b.getSpec().getPublicKey());
    });
    assertThat(gateway.addresses()).containsEntry("cvl-blue", agent.identity().ipv4() + "/24");
    assertThat(gateway.rules()).contains(new PolicyRule(ForwardingPolicy.ISOLATE, "cvl-green", Optional.of("10.77.0.0/24"),
        PolicyRule.Action.PROHIBIT));
  }

  @Test
  void nodeJoiningLaterReachesTheGatewayWithinASecond() throws Exception {
    readyCvlan("blue", "10.77.0.0/24");
    InMemoryGateway gateway = new InMemoryGateway();
    agent(Optional.of(joinToken(List.of("blue"))), gateway);

    OverlayNode a = node("a", "blue");

    await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
        .untilAsserted(() -> assertThat(peerKeys(gateway, "cvl-blue")).containsExactly(a.getSpec().getPublicKey()));
  }

  @Test
  void cvlanAddedToTheVRouterGetsAnInterfaceOfItsOwn() throws Exception {
    readyCvlan("blue", "10.77.0.0/24");
    readyCvlan("green", "10.78.0.0/24");
    InMemoryGateway gateway = new InMemoryGateway();
    VRouterAgent agent = agent(Optional.of(joinToken(List.of("blue"))), gateway);

    api.k8s().client().resources(VRouter.class).inNamespace(api.k8s().namespace()).withName("edge").edit(v -> {
      v.getSpec().setCvlans(List.of("blue", "green"));
      return v;
    });

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(agent.interfaces()).containsKey("green"));
    assertThat(gateway.device("cvl-green")).isPresent();
  }

  @Test
  void renewedCertificateKeepsTheGatewayFollowingItsCvlans() throws Exception {
    readyCvlan("blue", "10.77.0.0/24");
    InMemoryGateway gateway = new InMemoryGateway();
    VRouterAgent agent = agent(Optional.of(joinToken(List.of("blue"))), gateway);
    api.k8s().clock().advance(Duration.ofHours(6));

    assertThat(agent.renewIfDue()).isTrue();
    OverlayNode a = node("a", "blue");

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(peerKeys(gateway, "cvl-blue")).containsExactly(a.getSpec().getPublicKey()));
  }

  @Test
  void agentDownPastItsCertificateJoinsAgainWithItsKeys() throws Exception {
    readyCvlan("blue", "10.77.0.0/24");
    String joinToken = joinToken(List.of("blue"));
    agent(Optional.of(joinToken), new InMemoryGateway()).close();
    String wireguardKey = Files.readString(file(IdentityStore.PRIVATE_KEY));
    X509Certificate lapsed = TestPki.certificate(Files.readString(file(IdentityStore.CERTIFICATE)));

    api.k8s().clock().advance(Duration.ofHours(9));
    agent(Optional.of(joinToken), new InMemoryGateway());

    assertThat(TestPki.certificate(Files.readString(file(IdentityStore.CERTIFICATE))).getNotAfter()).isAfter(lapsed.getNotAfter());
    assertThat(Files.readString(file(IdentityStore.PRIVATE_KEY))).isEqualTo(wireguardKey);
  }
}
