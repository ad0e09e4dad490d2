package io.cvlan.demo;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.IPAllocation;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.api.v1alpha1.VRouter;
import io.cvlan.api.v1alpha1.CVLANSpec;
import io.cvlan.api.v1alpha1.RegistrationToken;
import io.cvlan.embedded.EmbeddedApiServer;
import io.cvlan.operator.Conditions;
import io.cvlan.operator.CvlanOperator;
import io.cvlan.operator.OperatorSettings;
import io.cvlan.operator.cvlan.CvlanConditions;
import io.cvlan.operator.token.RegistrationEndpoint;
import io.cvlan.operator.token.TokenConditions;
import io.cvlan.operator.token.TokenSecrets;
import io.cvlan.registration.RegistrationApi;
import io.cvlan.registration.ServerTls;
import io.cvlan.registration.client.RegistrationHttpClient;
import io.cvlan.registration.protocol.EndpointDto;
import io.cvlan.registration.protocol.PeerDto;
import io.cvlan.registration.protocol.PollRequest;
import io.cvlan.registration.protocol.PollResponse;
import io.cvlan.registration.protocol.RegisterRequest;
import io.cvlan.registration.protocol.RegisterResponse;
import io.cvlan.registration.tls.ServingCertificates;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.HexFormat;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The README's first command: an operator on an embedded API server (or a real cluster), the examples
 * applied, and what `kubectl get` would show. Never prints a token, only where it is.
 */
public final class Demo {
  private final PrintStream out;
  private final String namespace;
  private final Duration timeout;
  private final Clock clock = Clock.systemUTC();

  public Demo(PrintStream out, String namespace, Duration timeout) {
    this.out = out;
    this.namespace = namespace;
    this.timeout = timeout;
  }

  public boolean run(Path kubeconfig) throws IOException, InterruptedException {
    if (kubeconfig != null) {
      Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
      try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config)
          .withHttpClientFactory(new JdkHttpClientFactory()).build()) {
        step("using the cluster at " + client.getMasterUrl());
        return run(client);
      }
    }
    step("starting an embedded Kubernetes API server (no cluster needed)");
    try (EmbeddedApiServer api = EmbeddedApiServer.start()) {
      step("API server at " + api.url() + ", cvlan.io CRDs installed");
      return run(api.client());
    }
  }

  private boolean run(KubernetesClient client) throws IOException, InterruptedException {
    ServerTls tls = ServingCertificates.builtIn(client, namespace, List.of("localhost", "127.0.0.1"), clock);
    try (RegistrationApi api = RegistrationApi.start(client, new RegistrationApi.Settings("127.0.0.1", 0, tls, "https://localhost", clock),
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
      String url = "https://localhost:" + api.port();
      step("registration API serving at " + url + " (built-in CA)");
      return run(client, url, tls);
    }
  }

  private boolean run(KubernetesClient client, String url, ServerTls tls) throws IOException, InterruptedException {
    var settings = OperatorSettings.defaults(clock, new RegistrationEndpoint(url, tls.caPem()));
    try (CvlanOperator operator = CvlanOperator.start(client, settings)) {
      step("operator started");
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
      RegistrationHttpClient anonymous = RegistrationHttpClient.to(url, tls.caPem());
      List<RegisterResponse> agents = new java.util.ArrayList<>();
      for (String hostname : List.of("laptop-ada", "build-runner-7")) {
        RegisterResponse identity = register(anonymous, token, hostname);
        agents.add(identity);
        step("agent " + hostname + " registered over HTTPS with token blue-fleet: node " + identity.nodeId() + ", " + identity.ipv4()
            + ", " + identity.peers().size() + " peer(s), certificate " + (identity.certificate() == null ? "missing" : "issued"));
      }
      ok &= await("VRouter edge-1 Ready", () -> ready(client.resources(VRouter.class).inNamespace(namespace).withName("edge-1").get()));
      List<String> ids = agents.stream().map(RegisterResponse::nodeId).toList();
      ok &= await("peer ConfigMap blue-peers-0 lists both nodes", () -> client.configMaps().inNamespace(namespace)
          .withName("blue-peers-0").get().getData().keySet().containsAll(ids));
      PollResponse poll = poll(url, tls.caPem(), agents.get(0));
      step("node " + agents.get(0).nodeId() + " polled with its client certificate (mTLS): version " + poll.version() + ", peers "
          + poll.peers().stream().map(PeerDto::id).toList());
      ok &= await("CVLAN blue counts its nodes", () -> Integer.valueOf(2).equals(
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
      out.println("ConfigMap blue-peers-0 (cvlan.io/version " + peers.getMetadata().getAnnotations().get("cvlan.io/version") + "):");
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
  }

  /** What an agent does: present the token with a fresh key and nonce (a 503 means "not ready yet, retry"). */
  private RegisterResponse register(RegistrationHttpClient http, String token, String hostname) throws IOException, InterruptedException {
    java.security.SecureRandom random = new java.security.SecureRandom();
    byte[] key = new byte[32];
    random.nextBytes(key);
    byte[] mac = new byte[6];
    random.nextBytes(mac);
    for (int attempt = 0; attempt < 20; attempt++) {
      byte[] nonce = new byte[32];
      random.nextBytes(nonce);
      var request = new RegisterRequest(token, java.util.Base64.getEncoder().encodeToString(key), HexFormat.ofDelimiter(":").formatHex(mac),
          HexFormat.of().formatHex(nonce), hostname, "linux", "demo", List.of(new EndpointDto("192.0.2.10", 51820)), null, null, null);
      RegistrationHttpClient.Reply reply = http.post("/client/register", request, java.util.Map.of(), Duration.ofSeconds(30));
      if (reply.status() == 201 || reply.status() == 200) {
        return reply.as(RegisterResponse.class);
      }
      if (reply.status() != 503) {
        throw new IllegalStateException("registration refused: HTTP " + reply.status() + " " + reply.text());
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("registration of " + hostname + " did not complete");
  }

  private static PollResponse poll(String url, String caPem, RegisterResponse identity) throws IOException, InterruptedException {
    byte[] nonce = new byte[32];
    new java.security.SecureRandom().nextBytes(nonce);
    var http = RegistrationHttpClient.to(url, caPem, identity.certificate(), identity.privateKey());
    var request = new PollRequest("02:00:00:00:00:01", HexFormat.of().formatHex(nonce), List.of(), 0L, 0);
    RegistrationHttpClient.Reply reply = http.post("/client/poll", request, java.util.Map.of("X-Node-Id", identity.nodeId()), Duration.ofSeconds(30));
    if (reply.status() != 200) {
      throw new IllegalStateException("poll refused: HTTP " + reply.status() + " " + reply.text());
    }
    return reply.as(PollResponse.class);
  }

  private CVLAN overlapping(KubernetesClient client) {
    CVLAN red = new CVLAN();
    red.getMetadata().setName("red");
    red.getMetadata().setNamespace(namespace);
    CVLANSpec spec = new CVLANSpec();
    spec.setCidr("10.100.128.0/17");
    red.setSpec(spec);
    return client.resource(red).create();
  }

  private <T extends HasMetadata> T apply(KubernetesClient client, Class<T> type, String example) throws IOException {
    try (InputStream in = Demo.class.getResourceAsStream("/examples/" + example)) {
      T item = client.resources(type).load(in).item();
      item.getMetadata().setNamespace(namespace);
      return client.resource(item).create();
    }
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
