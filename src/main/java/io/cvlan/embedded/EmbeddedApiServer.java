package io.cvlan.embedded;

import io.cvlan.api.v1alpha1.CustomResources;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A Kubernetes API server in this JVM (fabric8's mock server in CRUD mode) with the cvlan.io CRDs
 * installed: what `cvlan demo` runs on when no cluster is reachable, and what the tests run on.
 * It has no server-side apply, no garbage collector and no schema validation.
 */
public final class EmbeddedApiServer implements AutoCloseable {
  private final KubernetesMockServer server;
  private final CountingDispatcher dispatcher;
  private final KubernetesClient client;

  private EmbeddedApiServer(KubernetesMockServer server, CountingDispatcher dispatcher, KubernetesClient client) {
    this.server = server;
    this.dispatcher = dispatcher;
    this.client = client;
  }

  public static EmbeddedApiServer start() {
    CountingDispatcher dispatcher = new CountingDispatcher();
    KubernetesMockServer server = new KubernetesMockServer(new io.fabric8.mockwebserver.Context(), new MockWebServer(),
        new HashMap<>(), dispatcher, false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    KubernetesClient client = server.createClient(new JdkHttpClientFactory());
    installCrds(client);
    return new EmbeddedApiServer(server, dispatcher, client);
  }

  /** The CRDs shipped in the jar (the committed crds/ directory). */
  public static List<CustomResourceDefinition> crds(KubernetesClient client) {
    List<CustomResourceDefinition> crds = new ArrayList<>();
    for (Class<?> kind : CustomResources.ALL) {
      String plural = kind.getAnnotation(io.fabric8.kubernetes.model.annotation.Plural.class).value();
      String file = "/crds/" + plural + ".cvlan.io.yaml";
      try (InputStream in = EmbeddedApiServer.class.getResourceAsStream(file)) {
        if (in == null) {
          throw new IllegalStateException("CRD " + file + " is missing from the classpath");
        }
        crds.add(client.apiextensions().v1().customResourceDefinitions().load(in).item());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return crds;
  }

  private static void installCrds(KubernetesClient client) {
    crds(client).forEach(crd -> client.apiextensions().v1().customResourceDefinitions().resource(crd).create());
  }

  public KubernetesClient client() {
    return client;
  }

  /** Another client of the same server, as a second process would have: its own connections and informers. */
  public KubernetesClient newClient() {
    return server.createClient(new JdkHttpClientFactory());
  }

  /**
   * Another client, introducing itself as {@code userAgent}: what the API server takes as its writes' field
   * manager (see {@link #fieldManagers()}).
   */
  public KubernetesClient newClient(String userAgent) {
    return server.createClient(builder -> builder.withHttpClientFactory(new JdkHttpClientFactory())
        .editOrNewConfig().withUserAgent(userAgent).endConfig());
  }

  /** A kubeconfig naming this server: for what takes its cluster from a file (`cvlan demo --kubeconfig`). */
  public String kubeconfig() {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: embedded
          cluster:
            server: %s
        contexts:
        - name: embedded
          context:
            cluster: embedded
            user: embedded
            namespace: default
        current-context: embedded
        users:
        - name: embedded
          user:
            token: embedded
        """.formatted(url());
  }

  /** Requests of any kind, reads included, since the server started. */
  public long requests() {
    return dispatcher.requests();
  }

  /** Requests that wrote (POST, PUT, PATCH, DELETE) since the server started. */
  public long writes() {
    return dispatcher.writes();
  }

  /** Writes per resource kind ({@code nodes}, {@code nodes/status}, {@code ipallocations} ...). */
  public Map<String, Long> writesByResource() {
    return dispatcher.writesByResource();
  }

  /** Reads (GETs that are not watches) per resource, since the server started. */
  public Map<String, Long> readsByResource() {
    return dispatcher.readsByResource();
  }

  /**
   * Per resource kind, the field managers a real API server would have recorded for the writes so far
   * (managedFields): the fieldManager parameter, else the writer's User-Agent up to its first slash.
   */
  public Map<String, java.util.Set<String>> fieldManagers() {
    return dispatcher.fieldManagers();
  }

  /**
   * Answers the requests {@code delay} returns a duration for that much later (after serving them): a test's
   * way to hold a write in flight. {@code request -> Optional.empty()} restores prompt answers. Read a body with
   * {@code getBody().getBytes()}: {@code getUtf8Body()} consumes it, and the request is then served without one.
   */
  public void delays(Function<RecordedRequest, Optional<java.time.Duration>> delay) {
    dispatcher.delays(delay);
  }

  /**
   * Answers the requests {@code fault} returns a response for with that response instead of serving them:
   * a test's way to make a write fail at a chosen step. {@code request -> Optional.empty()} restores service.
   */
  public void faults(Function<RecordedRequest, Optional<MockResponse>> fault) {
    dispatcher.faults(fault);
  }

  public String url() {
    return client.getMasterUrl().toString();
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
