package io.cvlan.demo;

import io.cvlan.cache.WatchScope;
import io.cvlan.model.Provisioning;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.cvlan.peers.PeerConfigMaps;
import io.cvlan.model.Conditions;
import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.IPAllocation;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.api.v1alpha1.VRouter;
import io.cvlan.api.v1alpha1.CVLANSpec;
import io.cvlan.api.v1alpha1.RegistrationToken;
import io.cvlan.embedded.EmbeddedApiServer;
import io.cvlan.operator.CvlanOperator;
import io.cvlan.operator.OperatorClient;
import io.cvlan.operator.OperatorSettings;
import io.cvlan.model.CvlanConditions;
import io.cvlan.operator.token.RegistrationApiRef;
import io.cvlan.model.TokenConditions;
import io.cvlan.operator.token.TokenSecrets;
import io.cvlan.agent.Agent;
import io.cvlan.agent.AgentSettings;
import io.cvlan.agent.token.TokenSources;
import io.cvlan.agent.wireguard.Addressing;
import io.cvlan.agent.wireguard.InMemoryBackend;
import io.cvlan.agent.wireguard.InterfaceAddressing;
import io.cvlan.agent.wireguard.UapiBackend;
import io.cvlan.agent.wireguard.WireGuardBackend;
import io.cvlan.registration.RegistrationApi;
import io.cvlan.registration.http.ServerTls;
import io.cvlan.registration.protocol.EndpointDto;
import io.cvlan.registration.tls.ServingCertificates;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The README's first command: an operator on an embedded API server (or a real cluster), the examples
 * applied, and what `kubectl get` would show. Never prints a token, only where it is.
 */
public final class Demo {
  private final PrintStream out;
  private final String namespace;
  private final Duration timeout;
  private final int agents;
  private final boolean realWireGuard;
  private final boolean keep;
  private RealNetwork network;
  /** On a cluster: the demo's namespace and objects, removed at the end unless kept. Absent on the embedded server. */
  private DemoNamespace cluster;
  private static final List<String> NAMES = List.of("laptop-ada", "build-runner-7", "db-eu-1", "kiosk-12");
  private final Clock clock = Clock.systemUTC();

  public Demo(PrintStream out, String namespace, Duration timeout, int agents) {
    this(out, namespace, timeout, agents, false);
  }

  /** {@code realWireGuard}: each agent gets a network namespace with wireguard-go (root only). */
  public Demo(PrintStream out, String namespace, Duration timeout, int agents, boolean realWireGuard) {
    this(out, namespace, timeout, agents, realWireGuard, false);
  }

  /** {@code keep}: on a cluster, leave the demo's namespace and objects for a look around afterwards. */
  public Demo(PrintStream out, String namespace, Duration timeout, int agents, boolean realWireGuard, boolean keep) {
    this.out = out;
    this.namespace = namespace;
    this.timeout = timeout;
    this.agents = agents;
    this.realWireGuard = realWireGuard;
    this.keep = keep;
  }

  public boolean run(Path kubeconfig) throws IOException, InterruptedException {
    if (kubeconfig != null) {
      try (KubernetesClient client = OperatorClient.connect(Config.fromKubeconfig(Files.readString(kubeconfig)))) {
        step("using the cluster at " + client.getMasterUrl());
        cluster = new DemoNamespace(client, namespace, clock, timeout);
        step(cluster.ensure() ? "created namespace " + namespace : "namespace " + namespace + " exists");
        boolean ok = run(client);
        if (!keep && cluster.removeIfCreatedByDemo()) {
          step("deleted namespace " + namespace);
        }
        return ok;
      } finally {
        cluster = null;
      }
    }
    step("starting an embedded Kubernetes API server (no cluster needed)");
    // Everything goes with the embedded server: nothing to clean up.
    try (EmbeddedApiServer api = EmbeddedApiServer.start(); KubernetesClient client = api.newClient(OperatorClient.userAgent())) {
      step("API server at " + api.url() + ", cvlan.io CRDs installed");
      return run(client);
    }
  }

  private boolean run(KubernetesClient client) throws IOException, InterruptedException {
    ServerTls tls = ServingCertificates.builtIn(client, namespace, List.of("localhost", "127.0.0.1"), clock);
    try (Provisioning provisioning = Provisioning.start(client, clock, WatchScope.of(java.util.Set.of(namespace)));
        RegistrationApi api = RegistrationApi.start(client, new RegistrationApi.Settings("127.0.0.1", 0, tls, "https://localhost", clock),
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), provisioning)) {
      String url = "https://localhost:" + api.port();
      step("registration API serving at " + url + " (built-in CA)");
      if (!realWireGuard) {
        return run(client, url, tls, provisioning);
      }
      if (!RealNetwork.available()) {
        throw new IllegalStateException("--real-wireguard needs root, wireguard-go, ip and ping");
      }
      try (RealNetwork real = new RealNetwork().start()) {
        network = real;
        step("real WireGuard: a network namespace and wireguard-go per agent, joined by a bridge");
        return run(client, url, tls, provisioning);
      } finally {
        network = null;
      }
    }
  }

  private boolean run(KubernetesClient client, String url, ServerTls tls, Provisioning provisioning)
      throws IOException, InterruptedException {
    var settings = OperatorSettings.defaults(clock, new RegistrationApiRef(url, tls.caPem())).watchingOnly(Set.of(namespace));
    try (CvlanOperator operator = CvlanOperator.start(client, settings, new SimpleMeterRegistry(), provisioning)) {
      step("operator started, watching namespace " + namespace);
      boolean ok = cluster == null || cluster.removeNodes();
      try {
        ok &= show(client, url, tls);
      } finally {
        if (cluster != null && !keep) {
          // While the operator runs: its finalizers release the addresses and certificates.
          boolean removed = cluster.removeObjects();
          step(removed ? "removed the demo's objects (--keep leaves them)" : "TIMEOUT removing the demo's objects");
          ok &= removed;
        }
      }
      return ok;
    }
  }

  private boolean show(KubernetesClient client, String url, ServerTls tls) throws IOException, InterruptedException {
    CVLAN blue = apply(client, CVLAN.class, "cvlan.yaml");
    step("applied CVLAN " + blue.getMetadata().getName() + " (" + blue.getSpec().getCidr() + ")");
    boolean ok = await("CVLAN blue Ready", () -> ready(client.resources(CVLAN.class).inNamespace(namespace).withName("blue").get()));
    CVLAN red = overlapping(client);
    step("applied CVLAN red (" + red.getSpec().getCidr() + "), which overlaps blue");
    ok &= await("CVLAN red refused as Overlapping", () -> Conditions.isTrue(
        client.resources(CVLAN.class).inNamespace(namespace).withName("red").get().getStatus(), CvlanConditions.OVERLAPPING));
    for (String file : List.of("registration-token-reusable.yaml", "registration-token-one-time.yaml")) {
      RegistrationToken token = apply(client, RegistrationToken.class, file);
      step("applied RegistrationToken " + token.getMetadata().getName());
      ok &= await("token " + token.getMetadata().getName() + " signed", () -> Conditions.isTrue(
          client.resources(RegistrationToken.class).inNamespace(namespace).withName(token.getMetadata().getName()).get().getStatus(),
          TokenConditions.READY));
    }
    VRouter edge = apply(client, VRouter.class, "vrouter.yaml");
    step("applied VRouter " + edge.getMetadata().getName());
    String token = TokenSecrets.tokenOf(client.secrets().inNamespace(namespace).withName("blue-fleet-token").get()).orElseThrow();
    List<DemoAgent> running = startAgents(url, tls.caPem(), token);
    ok &= await("VRouter edge-1 Ready", () -> ready(client.resources(VRouter.class).inNamespace(namespace).withName("edge-1").get()));
    ok &= await("every agent has programmed the other " + (agents - 1) + " into its WireGuard",
        () -> running.stream().allMatch(a -> wireGuardPeers(a) == agents - 1));
    out.println();
    out.printf("%-16s %-26s %-14s %s%n", "AGENT", "NODE", "IPV4", "WIREGUARD PEERS");
    for (DemoAgent a : running) {
      out.printf("%-16s %-26s %-14s %d%n", a.hostname(), a.agent().identity().nodeId(), a.agent().identity().ipv4(), wireGuardPeers(a));
    }
    if (network != null && running.size() > 1) {
      String target = running.get(1).agent().identity().ipv4();
      String reply = network.ping(running.get(0).machine().orElseThrow(), target);
      boolean reached = reply.contains("1 received");
      ok &= reached;
      step("ping " + target + " from " + running.get(0).hostname() + " across the overlay: " + (reached ? "1 received" : "no reply"));
    }
    running.forEach(a -> a.agent().close());
    ok &= await("CVLAN blue counts its nodes", () -> Integer.valueOf(agents).equals(
        client.resources(CVLAN.class).inNamespace(namespace).withName("blue").get().getStatus().getNodes()));
    out.println();
    out.println("$ kubectl get cvlans -n " + namespace);
    out.print(table(client, CVLAN.class));
    out.println();
    out.println("$ kubectl get registrationtokens -n " + namespace);
    out.print(table(client, RegistrationToken.class));
    out.println();
    out.println("$ kubectl get nodes.cvlan.io -n " + namespace);
    out.print(table(client, OverlayNode.class));
    out.println();
    out.println("$ kubectl get vrouters -n " + namespace);
    out.print(table(client, VRouter.class));
    out.println();
    out.println("$ kubectl get ipallocations -n " + namespace);
    out.print(table(client, IPAllocation.class));
    out.println();
    ConfigMap peers = client.configMaps().inNamespace(namespace).withName("blue-peers-0").get();
    out.println("ConfigMap blue-peers-0 (cvlan.io/version " + peers.getMetadata().getAnnotations().get(PeerConfigMaps.VERSION_ANNOTATION) + "):");
    peers.getData().forEach((key, value) -> out.println("  " + key + ": " + value));
    out.println();
    for (RegistrationToken t : client.resources(RegistrationToken.class).inNamespace(namespace).list().getItems()) {
      Secret s = client.secrets().inNamespace(namespace).withName(t.getStatus().getSecretName()).get();
      int length = s == null ? 0 : TokenSecrets.tokenOf(s).map(String::length).orElse(0);
      out.println("Secret " + t.getStatus().getSecretName() + " (type " + (s == null ? "?" : s.getType()) + "): token of "
          + length + " bytes signed by key " + t.getStatus().getSigningKeyId() + ", server, ca.crt");
    }
    out.println();
    out.println(ok ? "demo: every resource reached its expected state" : "demo: some resources did not settle; see above");
    return ok;
  }

  /** A simulated machine: the real agent, with WireGuard kept in memory. */
  private record DemoAgent(String hostname, Agent agent, WireGuardBackend wireGuard, Optional<RealNetwork.Machine> machine) {}

  /**
   * Starts the agents as machines outside the cluster would run them: each registers over HTTPS with the
   * reusable token (a key of its own, a CSR for its certificate), then long-polls with its client certificate.
   */
  private List<DemoAgent> startAgents(String url, String caPem, String token) throws IOException {
    Path dataDirs = Files.createTempDirectory("cvlan-demo-agents");
    List<DemoAgent> running = new java.util.ArrayList<>();
    for (int i = 0; i < agents; i++) {
      String hostname = i < NAMES.size() ? NAMES.get(i) : "vm-" + i;
      Optional<RealNetwork.Machine> machine = network == null ? Optional.empty() : Optional.of(network.machine(i));
      WireGuardBackend wireGuard = machine.<WireGuardBackend>map(m -> new UapiBackend(UapiBackend.socketOf(m.iface())))
          .orElseGet(InMemoryBackend::new);
      Addressing addressing = machine.<Addressing>map(m -> new InterfaceAddressing(m.iface(), Optional.of(m.netns())))
          .orElse((address, routes) -> { });
      AgentSettings settings = new AgentSettings(dataDirs.resolve(hostname), machine.map(RealNetwork.Machine::iface).orElse("cvlan0"),
          51820, hostname, "linux", List.of(new EndpointDto("192.0.2." + (10 + i), 51820)), Optional.of(url), Optional.of(caPem),
          new TokenSources(Optional.of(token), dataDirs.resolve("no-token-file"), java.util.Map.of(), Optional.empty()), clock,
          new AgentSettings.Placement.Standalone(), Optional.empty());
      try {
        Agent agent = new Agent(settings, wireGuard, addressing).start();
        running.add(new DemoAgent(hostname, agent, wireGuard, machine));
        step("agent " + hostname + " registered over HTTPS with token blue-fleet: node " + agent.identity().nodeId() + ", "
            + agent.identity().ipv4() + "; polling with its client certificate (mTLS)"
            + machine.map(m -> "; wireguard-go " + m.iface() + " in netns " + m.netns()).orElse(""));
      } catch (Exception e) {
        throw new IllegalStateException("agent " + hostname + " failed: " + e.getMessage(), e);
      }
    }
    return running;
  }

  private static int wireGuardPeers(DemoAgent agent) {
    try {
      return agent.wireGuard().read().peers().size();
    } catch (IOException e) {
      return -1;
    }
  }

  private CVLAN overlapping(KubernetesClient client) {
    CVLAN red = new CVLAN();
    red.getMetadata().setName("red");
    red.getMetadata().setNamespace(namespace);
    CVLANSpec spec = new CVLANSpec();
    spec.setCidr("10.100.128.0/17");
    red.setSpec(spec);
    return apply(client, red);
  }

  private <T extends HasMetadata> T apply(KubernetesClient client, Class<T> type, String example) throws IOException {
    try (InputStream in = Demo.class.getResourceAsStream("/examples/" + example)) {
      return apply(client, client.resources(type).load(in).item());
    }
  }

  /** On a cluster a previous run may have left it: created or patched. The embedded server starts empty. */
  private <T extends HasMetadata> T apply(KubernetesClient client, T item) {
    if (cluster != null) {
      return cluster.apply(item);
    }
    item.getMetadata().setNamespace(namespace);
    return client.resource(item).create();
  }

  private <T extends HasMetadata> String table(KubernetesClient client, Class<T> type) {
    String plural = type.getAnnotation(io.fabric8.kubernetes.model.annotation.Plural.class).value();
    CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().withName(plural + ".cvlan.io").get();
    // kubectl lists by name.
    List<T> items = client.resources(type).inNamespace(namespace).list().getItems().stream()
        .sorted(java.util.Comparator.comparing((T item) -> item.getMetadata().getName())).toList();
    return new ResourceTable(crd, clock).render(items);
  }

  private boolean await(String what, BooleanSupplier condition) throws InterruptedException {
    Instant deadline = clock.instant().plus(timeout);
    while (clock.instant().isBefore(deadline)) {
      try {
        if (condition.getAsBoolean()) {
          step(what);
          return true;
        }
      } catch (RuntimeException e) {
        // Not there yet (status not written): keep polling until the deadline.
      }
      Thread.sleep(100);
    }
    step("TIMEOUT waiting for: " + what);
    return false;
  }

  private static boolean ready(io.fabric8.kubernetes.client.CustomResource<?, ? extends io.cvlan.api.v1alpha1.HasConditions> resource) {
    return Conditions.isTrue(resource.getStatus(), CvlanConditions.READY);
  }

  private void step(String message) {
    out.println("==> " + message);
  }
}
