package io.cvlan.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cvlan.agent.identity.IdentityStore;
import io.cvlan.agent.identity.StoredIdentity;
import io.cvlan.agent.token.TokenSources;
import io.cvlan.agent.wireguard.InMemoryBackend;
import io.cvlan.agent.wireguard.PeerConfig;
import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.CertificatesSpec;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.api.v1alpha1.RegistrationToken;
import io.cvlan.api.v1alpha1.RegistrationTokenSpec;
import io.cvlan.operator.token.TokenSecrets;
import io.cvlan.registration.protocol.EndpointDto;
import io.cvlan.registration.protocol.PodDto;
import io.cvlan.testing.FakeTokenReviews;
import io.cvlan.testing.RegistrationFixture;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.cvlan.testing.Statuses;
import io.cvlan.testing.TestPki;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The agent's lifecycle against the real operator and API, with an in-memory WireGuard (no root needed). */
class AgentLifecycleTest {
  @RegisterExtension
  static final RegistrationFixture api = new RegistrationFixture(Duration.ofSeconds(1));

  @TempDir
  Path dir;

  private final List<Agent> agents = new ArrayList<>();
  private final List<String> addresses = new ArrayList<>();

  @AfterEach
  void stop() {
    agents.forEach(Agent::close);
  }

  private String token(Consumer<RegistrationTokenSpec> spec, Consumer<CVLAN> cvlan) {
    api.k8s().createCvlan("blue", s -> {
      s.setCidr("10.78.0.0/24");
      CVLAN c = new CVLAN();
      c.setSpec(s);
      cvlan.accept(c);
    });
    api.k8s().awaitUntil(CVLAN.class, "blue", c -> Statuses.hasCondition(c, "Ready", "True"));
    api.k8s().createToken("fleet", s -> {
      s.setCvlan("blue");
      spec.accept(s);
    });
    api.k8s().awaitUntil(RegistrationToken.class, "fleet", t -> Statuses.hasCondition(t, "Ready", "True"));
    return TokenSecrets.tokenOf(api.k8s().get(Secret.class, "fleet-token")).orElseThrow();
  }

  private Agent agent(String hostname, TokenSources tokens, InMemoryBackend backend) throws Exception {
    return agent(hostname, tokens, backend, new AgentSettings.Placement.Standalone());
  }

  private Agent agent(String hostname, TokenSources tokens, InMemoryBackend backend, AgentSettings.Placement placement)
      throws Exception {
    AgentSettings settings = new AgentSettings(dir.resolve(hostname), "cvlan0", 51820, hostname, "linux",
        List.of(new EndpointDto("198.51.100.7", 51820)), Optional.of(api.baseUrl()), Optional.of(api.caPem()), tokens,
        api.k8s().clock(), placement,
        placement instanceof AgentSettings.Placement.Standalone ? Optional.empty() : Optional.of(api.k8s().client()));
    Agent agent = new Agent(settings, backend, (address, routes) -> addresses.add(address));
    agents.add(agent);
    return agent.start();
  }

  private static TokenSources flag(String token) {
    return new TokenSources(Optional.of(token), Path.of("/nonexistent/token"), Map.of(), Optional.empty());
  }

  @Test
  void registeredAgentGivesTheInterfaceItsAddressAndProgramsItsPeers() throws Exception {
    String token = token(s -> {}, c -> {});
    InMemoryBackend first = new InMemoryBackend();
    Agent a = agent("alpha", flag(token), first);
    Agent b = agent("beta", flag(token), new InMemoryBackend());

    String betaKey = api.k8s().get(OverlayNode.class, b.identity().nodeId()).getSpec().getPublicKey();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(first.read().peers()).extracting(PeerConfig::publicKey).containsExactly(betaKey));
    assertThat(addresses).contains(a.identity().ipv4() + "/24");
  }

  @Test
  void sidecarJoinsWithItsProjectedServiceAccountTokenAndNoRegistrationToken() throws Exception {
    token(s -> s.setServiceAccounts(List.of("web")), c -> {});
    Pod pod = api.k8s().client().resource(new PodBuilder().withNewMetadata().withNamespace(api.k8s().namespace()).withName("web-0")
        .withUid(java.util.UUID.randomUUID().toString()).endMetadata().build()).create();
    FakeTokenReviews reviews = new FakeTokenReviews().install(api.k8s().api());
    Path identityFile = Files.writeString(dir.resolve("sa-token"), reviews.boundToPod("cvlan.io", api.k8s().namespace(), "web", "web-0",
        pod.getMetadata().getUid()));
    TokenSources none = new TokenSources(Optional.empty(), Path.of("/nonexistent/token"), Map.of(), Optional.empty());
    PodDto said = new PodDto(api.k8s().namespace(), "web-0", pod.getMetadata().getUid());

    Agent sidecar = agent("web-0", none, new InMemoryBackend(), new AgentSettings.Placement.Sidecar(said, Optional.of(identityFile)));

    OverlayNode node = api.k8s().get(OverlayNode.class, sidecar.identity().nodeId());
    assertThat(node.getMetadata().getOwnerReferences()).extracting(o -> o.getUid()).contains(pod.getMetadata().getUid());
    assertThat(sidecar.identity().namespace()).isEqualTo(api.k8s().namespace());
    assertThat(identityFile).exists();
  }

  @Test
  void storedIdentityMeansNoSecondRegistration() throws Exception {
    String token = token(s -> s.setMaxUses(1), c -> {});
    Agent first = agent("alpha", flag(token), new InMemoryBackend());
    first.close();

    Agent again = agent("alpha", flag("this-token-would-be-refused"), new InMemoryBackend());

    assertThat(again.identity().nodeId()).isEqualTo(first.identity().nodeId());
    assertThat(api.k8s().client().resources(OverlayNode.class).inNamespace(api.k8s().namespace()).list().getItems()).hasSize(1);
  }

  @Test
  void nodeWhoseCertificateHasExpiredJoinsAgainAsTheSameNode() throws Exception {
    String token = token(s -> s.setTtl("87600h"), c -> {});
    Agent first = agent("alpha", flag(token), new InMemoryBackend());
    first.close();
    api.k8s().clock().advance(Duration.ofDays(366));

    Agent again = agent("alpha", flag(token), new InMemoryBackend());

    assertThat(again.identity().nodeId()).isEqualTo(first.identity().nodeId());
    assertThat(again.identity().registeredAt()).isNotEqualTo(first.identity().registeredAt());
  }

  @Test
  void corruptIdentityIsReplacedByRegisteringAgainWithTheSurvivingKey() throws Exception {
    String token = token(s -> {}, c -> {});
    Agent first = agent("alpha", flag(token), new InMemoryBackend());
    first.close();
    Files.writeString(dir.resolve("alpha/identity.json"), "{truncated");

    Agent again = agent("alpha", flag(token), new InMemoryBackend());

    assertThat(again.identity().nodeId()).isEqualTo(first.identity().nodeId());
    assertThat(new IdentityStore(dir.resolve("alpha")).load()).isInstanceOf(StoredIdentity.Registered.class);
    assertThat(again.renewCertificate()).as("mTLS with the recovered key works").isFalse();
  }

  @Test
  void tokenFileIsDeletedOnceRegistered() throws Exception {
    String token = token(s -> {}, c -> {});
    Path file = dir.resolve("token");
    Files.writeString(file, token);

    agent("alpha", new TokenSources(Optional.empty(), file, Map.of(), Optional.empty()), new InMemoryBackend());

    assertThat(file).doesNotExist();
  }

  @Test
  void ephemeralAgentDeregistersWhenItStops() throws Exception {
    String token = token(s -> s.setEphemeral(true), c -> {});
    Agent agent = agent("ci-runner", flag(token), new InMemoryBackend());
    String nodeId = agent.identity().nodeId();

    agent.close();

    await().atMost(Duration.ofSeconds(10)).until(() -> api.k8s().get(OverlayNode.class, nodeId) == null);
    assertThat(new IdentityStore(dir.resolve("ci-runner")).load()).isInstanceOf(StoredIdentity.NotRegistered.class);
  }

  @Test
  void certificateIsRenewedOnceTheOperatorHasReissuedIt() throws Exception {
    String token = token(s -> {}, c -> {
      CertificatesSpec certificates = new CertificatesSpec();
      certificates.setClientDuration("1h");
      c.getSpec().setCertificates(certificates);
    });
    Agent agent = agent("alpha", flag(token), new InMemoryBackend());
    String before = Files.readString(dir.resolve("alpha/tls.crt"));

    api.k8s().clock().advance(Duration.ofMinutes(45));
    api.k8s().client().resources(OverlayNode.class).inNamespace(api.k8s().namespace()).withName(agent.identity().nodeId())
        .edit(n -> {
          n.getSpec().setOs("linux-renewed");
          return n;
        });

    await().atMost(Duration.ofSeconds(20)).until(agent::renewCertificate);
    String after = Files.readString(dir.resolve("alpha/tls.crt"));
    assertThat(after).isNotEqualTo(before);
    assertThat(TestPki.certificate(after).getNotAfter()).isAfter(TestPki.certificate(before).getNotAfter());
    assertThat(TestPki.certificate(after).getPublicKey()).isEqualTo(TestPki.certificate(before).getPublicKey());
  }
}
