package io.cvlan.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cvlan.agent.token.TokenSources;
import io.cvlan.agent.vrouter.LinuxGateway;
import io.cvlan.agent.wireguard.InterfaceAddressing;
import io.cvlan.agent.wireguard.PeerConfig;
import io.cvlan.agent.wireguard.UapiBackend;
import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.RegistrationToken;
import io.cvlan.api.v1alpha1.VRouter;
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
 * A VRouter on real WireGuard: machines in network namespaces — {@code a} (a node of CVLAN blue), {@code b}
 * (a node of CVLAN green), {@code gw} (the VRouter's agent, serving both) and {@code site} (a host on
 * 192.168.50.0/24 behind the gateway, routing the overlays back through it) — each agent registering against
 * the operator and its registration API.
 */
class VRouterEndToEndTest {
  @RegisterExtension
  static final RegistrationFixture api = new RegistrationFixture(Duration.ofSeconds(1));
  static final String SITE_HOST = "192.168.50.10";

  @TempDir
  Path dir;

  private NetnsFixture net;
  private final List<AutoCloseable> agents = new ArrayList<>();

  @BeforeEach
  void network() {
    NetnsFixture.assumeAvailable();
    net = new NetnsFixture();
  }

  @AfterEach
  void cleanup() {
    // Agents first: the vrouter agent stops the wireguard-go processes it started before their namespace goes.
    for (AutoCloseable agent : agents) {
      try {
        agent.close();
      } catch (Exception e) {
        // The namespaces still go.
      }
    }
    if (net != null) {
      net.close();
    }
  }

  /** The four machines, wired, with nothing running yet but the network. */
  private record Site(String a, String b, String gw, String site) {}

  private Site wire() throws IOException {
    Site s = new Site(net.namespace("a"), net.namespace("b"), net.namespace("gw"), net.namespace("s"));
    net.veth("a", s.a(), "192.0.2.1/30", s.gw(), "192.0.2.2/30");
    net.veth("b", s.b(), "198.51.100.1/30", s.gw(), "198.51.100.2/30");
    net.veth("s", s.gw(), "192.168.50.1/24", s.site(), SITE_HOST + "/24");
    net.exec(s.site(), "ip", "route", "add", "10.77.0.0/24", "via", "192.168.50.1");
    net.exec(s.site(), "ip", "route", "add", "10.78.0.0/24", "via", "192.168.50.1");
    return s;
  }

  private String cvlanToken(String cvlan, String cidr) {
    api.k8s().createCvlan(cvlan, cidr);
    api.k8s().awaitUntil(CVLAN.class, cvlan, c -> Statuses.hasCondition(c, "Ready", "True"));
    api.k8s().createToken(cvlan + "-fleet", cvlan);
    api.k8s().awaitUntil(RegistrationToken.class, cvlan + "-fleet", t -> Statuses.hasCondition(t, "Ready", "True"));
    return TokenSecrets.tokenOf(api.k8s().get(Secret.class, cvlan + "-fleet-token")).orElseThrow();
  }

  private String joinToken(List<String> cvlans) {
    api.k8s().createVRouter("edge", spec -> {
      spec.setCvlans(cvlans);
      spec.setRoutes(List.of("192.168.50.0/24"));
    });
    return TokenSecrets.tokenOf(api.k8s().awaitUntil(Secret.class, "edge-join", j -> TokenSecrets.tokenOf(j).isPresent())).orElseThrow();
  }

  private AgentSettings settings(String hostname, String underlay, String token, AgentSettings.Placement placement) {
    return new AgentSettings(dir.resolve(hostname), "unused", 51820, hostname, "linux",
        underlay == null ? List.of() : List.of(new EndpointDto(underlay, 51820)), Optional.of(api.baseUrl()), Optional.of(api.caPem()),
        new TokenSources(Optional.of(token), dir.resolve("no-token-file"), Map.of(), Optional.empty()), Clock.systemUTC(), placement,
        Optional.empty());
  }

  /** A node agent in {@code netns}, on a wireguard-go interface of its own. */
  private Agent node(String netns, String label, String underlay, String token) throws Exception {
    String iface = net.iface(label);
    net.wireGuard(netns, iface);
    Agent agent = new Agent(settings(label + "-host", underlay, token, new AgentSettings.Placement.Standalone()),
        new UapiBackend(UapiBackend.socketOf(iface)), new InterfaceAddressing(iface, Optional.of(netns)));
    agents.add(agent);
    return agent.start();
  }

  /** The vrouter agent in {@code gw}: it starts wireguard-go for each CVLAN's interface itself. */
  private VRouterAgent gateway(String gw, String joinToken) throws Exception {
    VRouterAgent agent = new VRouterAgent(settings("gw-host", null, joinToken, new AgentSettings.Placement.VRouter()), net.iface("v"),
        new LinuxGateway(Optional.of(gw), "uapi", Optional.empty()));
    agents.add(agent);
    return agent.start();
  }

  private static String ping(NetnsFixture net, String netns, String address) throws IOException {
    return net.exec(netns, "ping", "-c", "1", "-W", "1", address);
  }

  private String vrouterKey() {
    return api.k8s().get(VRouter.class, "edge").getStatus().getPublicKey();
  }

  private static List<PeerConfig> peers(String iface) throws IOException {
    return new UapiBackend(UapiBackend.socketOf(iface)).read().peers();
  }

  @Test
  void nodeReachesTheSiteThroughTheVRouter() throws Exception {
    Site s = wire();
    String blue = cvlanToken("blue", "10.77.0.0/24");
    node(s.a(), "a", "192.0.2.1", blue);
    gateway(s.gw(), joinToken(List.of("blue")));

    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
        assertThat(ping(net, s.a(), SITE_HOST)).contains("1 received"));
  }

  @Test
  void deletedVRouterTakesItsRouteOffTheNode() throws Exception {
    Site s = wire();
    String blue = cvlanToken("blue", "10.77.0.0/24");
    node(s.a(), "a", "192.0.2.1", blue);
    gateway(s.gw(), joinToken(List.of("blue")));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(net.exec(s.a(), "ip", "route", "show", "192.168.50.0/24")).contains("dev " + net.iface("a")));

    api.k8s().client().resources(VRouter.class).inNamespace(api.k8s().namespace()).withName("edge").delete();

    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      assertThat(net.exec(s.a(), "ip", "route", "show", "192.168.50.0/24")).isBlank();
      assertThat(peers(net.iface("a"))).isEmpty();
    });
  }

  /**
   * Even with both nodes willing (each routes the other CVLAN into the overlay and accepts it from the vrouter),
   * the gateway does not forward from green to blue; without its rules the same ping goes through.
   */
  @Test
  void secondCvlanCannotReachTheFirstThroughTheVRouter() throws Exception {
    Site s = wire();
    String blue = cvlanToken("blue", "10.77.0.0/24");
    String green = cvlanToken("green", "10.78.0.0/24");
    Agent a = node(s.a(), "a", "192.0.2.1", blue);
    Agent b = node(s.b(), "b", "198.51.100.1", green);
    VRouterAgent gw = gateway(s.gw(), joinToken(List.of("blue", "green")));
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
      assertThat(ping(net, s.a(), SITE_HOST)).contains("1 received");
      assertThat(ping(net, s.b(), SITE_HOST)).contains("1 received");
    });
    widen(s.a(), net.iface("a"), "10.78.0.0/24");
    widen(s.b(), net.iface("b"), "10.77.0.0/24");

    String blueIface = gw.interfaces().get("blue");
    String greenIface = gw.interfaces().get("green");

    // ping exits 1 when no reply came back.
    assertThatThrownBy(() -> ping(net, s.b(), a.identity().ipv4())).isInstanceOf(IOException.class).hasMessageContaining("exited 1");
    assertThatThrownBy(() -> net.exec(s.gw(), "ip", "route", "get", a.identity().ipv4(), "from", b.identity().ipv4(), "iif",
        greenIface)).hasMessageContaining("ermission denied");

    for (String iface : List.of(blueIface, greenIface)) {
      String other = iface.equals(blueIface) ? "10.78.0.0/24" : "10.77.0.0/24";
      net.exec(s.gw(), "ip", "rule", "del", "priority", "20000", "iif", iface, "to", other, "prohibit");
      net.exec(s.gw(), "ip", "rule", "del", "priority", "20002", "iif", iface, "prohibit");
    }
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() ->
        assertThat(ping(net, s.b(), a.identity().ipv4())).contains("1 received"));
  }

  /** The node routes {@code cidr} into the overlay and takes it from the vrouter: only the gateway can refuse it now. */
  private void widen(String netns, String iface, String cidr) throws IOException {
    PeerConfig vrouter = peers(iface).stream().filter(p -> p.publicKey().equals(vrouterKey())).findFirst().orElseThrow();
    List<String> allowed = new ArrayList<>(vrouter.allowedIps());
    allowed.add(cidr);
    net.exec(netns, "wg", "set", iface, "peer", vrouter.publicKey(), "allowed-ips", String.join(",", allowed));
    net.exec(netns, "ip", "route", "replace", cidr, "dev", iface);
  }
}
