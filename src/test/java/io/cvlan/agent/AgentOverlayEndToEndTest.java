package io.cvlan.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cvlan.agent.token.TokenSources;
import io.cvlan.agent.wireguard.InterfaceAddressing;
import io.cvlan.agent.wireguard.PeerConfig;
import io.cvlan.agent.wireguard.UapiBackend;
import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.api.v1alpha1.RegistrationToken;
import io.cvlan.operator.token.TokenSecrets;
import io.cvlan.registration.protocol.EndpointDto;
import io.cvlan.testing.NetnsFixture;
import io.cvlan.testing.RegistrationFixture;
import io.cvlan.testing.Statuses;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two machines in network namespaces joined by a veth pair, wireguard-go in each, an agent per machine
 * registering with a real token against the operator and its registration API: they find each other as
 * peers, program WireGuard, and ping across the overlay.
 */
class AgentOverlayEndToEndTest {
  @RegisterExtension
  static final RegistrationFixture api = new RegistrationFixture(Duration.ofSeconds(1));

  @TempDir
  Path dir;

  private NetnsFixture net;
  private final List<Agent> agents = new ArrayList<>();

  @BeforeEach
  void network() {
    NetnsFixture.assumeAvailable();
    net = new NetnsFixture();
  }

  @AfterEach
  void cleanup() {
    agents.forEach(Agent::close);
    if (net != null) {
      net.close();
    }
  }

  private String fleetToken() {
    api.k8s().createCvlan("blue", "10.77.0.0/24");
    api.k8s().awaitUntil(CVLAN.class, "blue", c -> Statuses.hasCondition(c, "Ready", "True"));
    api.k8s().createToken("fleet", "blue");
    api.k8s().awaitUntil(RegistrationToken.class, "fleet", t -> Statuses.hasCondition(t, "Ready", "True"));
    return TokenSecrets.tokenOf(api.k8s().get(Secret.class, "fleet-token")).orElseThrow();
  }

  private Agent agent(String netns, String iface, String hostname, String underlay, String token) throws Exception {
    return agent(netns, iface, hostname, underlay, token, new AgentSettings.Placement.Standalone(), Optional.empty());
  }

  private Agent agent(String netns, String iface, String hostname, String underlay, String token, AgentSettings.Placement placement,
      Optional<io.fabric8.kubernetes.client.KubernetesClient> cluster) throws Exception {
    AgentSettings settings = new AgentSettings(dir.resolve(hostname), iface, 51820, hostname, "linux",
        List.of(new EndpointDto(underlay, 51820)), Optional.of(api.baseUrl()), Optional.of(api.caPem()),
        new TokenSources(Optional.of(token), dir.resolve("no-token-file"), Map.of(), Optional.empty()), Clock.systemUTC(),
        placement, cluster);
    Agent agent = new Agent(settings, new UapiBackend(UapiBackend.socketOf(iface)), new InterfaceAddressing(iface, Optional.of(netns)));
    agents.add(agent);
    return agent.start();
  }

  private static List<String> peerKeys(String iface) throws IOException {
    return new UapiBackend(UapiBackend.socketOf(iface)).read().peers().stream().map(PeerConfig::publicKey).toList();
  }

  private String publicKey(Agent agent) {
    return api.k8s().get(OverlayNode.class, agent.identity().nodeId()).getSpec().getPublicKey();
  }

  /** Two machines on one underlay, each with wireguard-go and an agent registered with the same token. */
  private record Machines(String left, String leftIface, Agent a, String rightIface, Agent b) {}

  private Machines twoMachines() throws Exception {
    return twoMachines(new AgentSettings.Placement.Standalone(), Optional.empty());
  }

  /** The left machine runs with {@code placement}: a daemonset agent watches the peer ConfigMaps instead of polling. */
  private Machines twoMachines(AgentSettings.Placement leftPlacement, Optional<io.fabric8.kubernetes.client.KubernetesClient> cluster)
      throws Exception {
    String token = fleetToken();
    String left = net.namespace("l");
    String right = net.namespace("r");
    net.veth(left, "192.0.2.1/24", right, "192.0.2.2/24");
    String leftIface = net.iface("l");
    String rightIface = net.iface("r");
    net.wireGuard(left, leftIface);
    net.wireGuard(right, rightIface);
    return new Machines(left, leftIface, agent(left, leftIface, "left-host", "192.0.2.1", token, leftPlacement, cluster), rightIface,
        agent(right, rightIface, "right-host", "192.0.2.2", token));
  }

  @Test
  void agentsRegisterFindEachOtherAndPingAcrossTheOverlay() throws Exception {
    Machines m = twoMachines();

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(peerKeys(m.leftIface())).containsExactly(publicKey(m.b()));
      assertThat(peerKeys(m.rightIface())).containsExactly(publicKey(m.a()));
    });
    await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() ->
        assertThat(net.exec(m.left(), "ping", "-c", "1", "-W", "2", m.b().identity().ipv4())).contains("1 received"));
  }

  @Test
  void deletedNodeLeavesTheOtherAgentsWireGuard() throws Exception {
    Machines m = twoMachines();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(peerKeys(m.leftIface())).containsExactly(publicKey(m.b())));

    api.k8s().client().resources(OverlayNode.class).inNamespace(api.k8s().namespace()).withName(m.b().identity().nodeId()).delete();

    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(peerKeys(m.leftIface())).isEmpty());
  }

  @Test
  void daemonsetAgentFollowsThePeerConfigMapsAndReachesAPollingAgent() throws Exception {
    Machines m = twoMachines(new AgentSettings.Placement.Daemonset("worker-1"), Optional.of(api.k8s().client()));

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(peerKeys(m.leftIface())).containsExactly(publicKey(m.b()));
      assertThat(peerKeys(m.rightIface())).containsExactly(publicKey(m.a()));
    });
    assertThat(api.k8s().get(OverlayNode.class, m.a().identity().nodeId()).getSpec().getKubernetesNode()).isEqualTo("worker-1");
    await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() ->
        assertThat(net.exec(m.left(), "ping", "-c", "1", "-W", "2", m.b().identity().ipv4())).contains("1 received"));
  }
}
