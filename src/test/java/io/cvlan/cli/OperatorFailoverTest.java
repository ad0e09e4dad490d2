package io.cvlan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.CVLANSpec;
import io.cvlan.api.v1alpha1.NodePhase;
import io.cvlan.api.v1alpha1.NodeSpec;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.embedded.EmbeddedApiServer;
import io.cvlan.model.Conditions;
import io.cvlan.operator.OperatorClient;
import io.cvlan.operator.OperatorSettings;
import io.cvlan.operator.token.RegistrationApiRef;
import io.cvlan.registration.RegistrationApi;
import io.cvlan.registration.http.ServerTls;
import io.cvlan.registration.tls.ServingCertificates;
import io.cvlan.testing.OperatorFixture;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 6: two operator processes with leader election on one API server. Stopping the leader — with a
 * reconcile in flight — touches no data plane: the reconcile finishes instead of leaving a ReconcileError, no
 * Node changes phase, the Lease is handed on so the standby takes over without waiting it out, and the stop
 * returns.
 */
class OperatorFailoverTest {
  private static final String TENANT = "tenant-a";
  private static final String SYSTEM = "cvlan-system";
  private static final List<String> NODES = List.of("vm-1", "vm-2", "vm-3");

  private EmbeddedApiServer cluster;
  private KubernetesClient user;
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final Map<String, List<NodePhase>> phasesSeen = new ConcurrentHashMap<>();
  private final List<String> cvlanConditionsSeen = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startCluster() {
    cluster = EmbeddedApiServer.start();
    user = cluster.client();
  }

  @AfterEach
  void stopEverything() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
    cluster.close();
  }

  /** One replica as `cvlan operator --leader-election` runs it: its own client, registration API and all. */
  private OperatorProcess replica() throws Exception {
    KubernetesClient client = cluster.newClient(OperatorClient.userAgent());
    closing.add(client);
    Clock clock = Clock.systemUTC();
    ServerTls tls = ServingCertificates.builtIn(client, SYSTEM, List.of("localhost"), clock);
    OperatorSettings settings = OperatorSettings.defaults(clock, new RegistrationApiRef("https://localhost", tls.caPem()))
        .withLeaderElection(SYSTEM);
    OperatorProcess process = OperatorProcess.start(client, settings,
        Optional.of(new RegistrationApi.Settings("127.0.0.1", 0, tls, "https://localhost", clock)), OptionalInt.empty(),
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), ReservedPorts.reserve(List.of()));
    closing.add(process);
    return process;
  }

  private Lease lease() {
    return user.leases().inNamespace(SYSTEM).withName(OperatorSettings.LEASE_NAME).get();
  }

  private Optional<String> holder() {
    return Optional.ofNullable(lease()).map(l -> l.getSpec().getHolderIdentity());
  }

  private static String identity(OperatorProcess process) {
    return process.operator().lease().orElseThrow().identity();
  }

  private void awaitLeading(OperatorProcess process) {
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> holder().equals(Optional.of(identity(process)))
        && process.operator().lease().orElseThrow().leading());
  }

  private CVLAN cvlan() {
    return user.resources(CVLAN.class).inNamespace(TENANT).withName("blue").get();
  }

  private Map<String, NodePhase> phases() {
    Map<String, NodePhase> phases = new java.util.TreeMap<>();
    user.resources(OverlayNode.class).inNamespace(TENANT).list().getItems()
        .forEach(n -> phases.put(n.getMetadata().getName(), n.getStatus() == null ? null : n.getStatus().getPhase()));
    return phases;
  }

  private Set<String> peers() {
    ConfigMap shard = user.configMaps().inNamespace(TENANT).withName("blue-peers-0").get();
    return shard == null ? Set.of() : shard.getData().keySet();
  }

  private void createNode(String name) {
    OverlayNode node = new OverlayNode();
    node.getMetadata().setName(name);
    node.getMetadata().setNamespace(TENANT);
    node.setSpec(new NodeSpec());
    node.getSpec().setCvlan("blue");
    node.getSpec().setHostname(name);
    node.getSpec().setPublicKey(OperatorFixture.randomWireGuardKey());
    user.resource(node).create();
  }

  private void readyCvlanWithReadyNodes() {
    CVLAN blue = new CVLAN();
    blue.getMetadata().setName("blue");
    blue.getMetadata().setNamespace(TENANT);
    blue.setSpec(new CVLANSpec());
    blue.getSpec().setCidr("10.73.0.0/24");
    user.resource(blue).create();
    NODES.forEach(this::createNode);
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> phases().values().stream().filter(NodePhase.Ready::equals).count()
        == NODES.size() && peers().containsAll(NODES) && Conditions.isTrue(cvlan().getStatus(), Conditions.READY));
  }

  private void recordPhasesAndCvlanConditions() {
    Watch nodes = user.resources(OverlayNode.class).inNamespace(TENANT).watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, OverlayNode node) {
        phasesSeen.computeIfAbsent(node.getMetadata().getName(), n -> new CopyOnWriteArrayList<>())
            .add(node.getStatus() == null ? null : node.getStatus().getPhase());
      }

      @Override
      public void onClose(WatcherException cause) {}
    });
    Watch cvlans = user.resources(CVLAN.class).inNamespace(TENANT).withName("blue").watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, CVLAN cvlan) {
        cvlan.getStatus().getConditions().forEach(c -> cvlanConditionsSeen.add(c.getType() + "=" + c.getStatus() + "/" + c.getReason()));
      }

      @Override
      public void onClose(WatcherException cause) {}
    });
    closing.add(nodes::close);
    closing.add(cvlans::close);
  }

  /**
   * The write of the new MTU into blue's peers is answered 3 s late: the reconcile carrying it is in flight,
   * with its status write still to come. The latch opens when the write has arrived.
   */
  private CountDownLatch holdThePeersWriteOfTheNewMtu() {
    CountDownLatch arrived = new CountDownLatch(1);
    AtomicBoolean held = new AtomicBoolean();
    String path = "/api/v1/namespaces/" + TENANT + "/configmaps/blue-peers-0";
    cluster.delays(request -> {
      if (!"GET".equals(request.getMethod()) && request.getPath().startsWith(path) && new String(request.getBody().getBytes(), java.nio.charset.StandardCharsets.UTF_8).contains("1380")
          && held.compareAndSet(false, true)) {
        arrived.countDown();
        return Optional.of(Duration.ofSeconds(3));
      }
      return Optional.empty();
    });
    return arrived;
  }

  /** Stops {@code process} on another thread, as the shutdown of a real process would; returns how long it took. */
  private static Duration stop(OperatorProcess process) throws Exception {
    Instant start = Instant.now();
    CompletableFuture.runAsync(process::close).get(60, TimeUnit.SECONDS);
    return Duration.between(start, Instant.now());
  }

  @Test
  void stoppingTheLeaderMidReconcileLeavesEveryNodeWhereItWas() throws Exception {
    OperatorProcess leader = replica();
    awaitLeading(leader);
    OperatorProcess standby = replica();
    readyCvlanWithReadyNodes();
    Map<String, NodePhase> before = phases();
    recordPhasesAndCvlanConditions();
    CountDownLatch inFlight = holdThePeersWriteOfTheNewMtu();
    long generation = user.resources(CVLAN.class).inNamespace(TENANT).withName("blue").edit(c -> {
      c.getSpec().setMtu(1380);
      return c;
    }).getMetadata().getGeneration();
    assertThat(inFlight.await(30, TimeUnit.SECONDS)).as("the leader's reconcile of the new generation is writing").isTrue();

    Duration stopped = stop(leader);

    System.out.println("leader stopped in " + stopped.toMillis() + " ms with a reconcile in flight");
    assertThat(cvlan().getStatus().getObservedGeneration()).as("the reconcile in flight went on to write its status")
        .isEqualTo(generation);
    awaitLeading(standby);
    createNode("vm-4");
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> phases().get("vm-4") == NodePhase.Ready && peers().contains("vm-4"));
    Map<String, NodePhase> after = phases();
    after.remove("vm-4");
    assertThat(after).isEqualTo(before);
    assertThat(phasesSeen).allSatisfy((name, phases) -> assertThat(phases).as(name).doesNotContain(NodePhase.Pending, NodePhase.Expired));
    assertThat(cvlanConditionsSeen).noneMatch(c -> c.contains(Conditions.REASON_RECONCILE_ERROR));
    assertThat(peers()).containsAll(NODES);
  }

  @Test
  void stoppedLeaderHandsTheLeaseOnInsteadOfLettingItRunOut() throws Exception {
    OperatorProcess leader = replica();
    awaitLeading(leader);
    OperatorProcess standby = replica();

    stop(leader);

    Lease released = lease();
    assertThat(released.getSpec().getHolderIdentity()).isNull();
    assertThat(released.getSpec().getLeaseDurationSeconds()).isEqualTo(1);
    awaitLeading(standby);
  }

  @Test
  void stoppingAStandbyLeavesTheLeadersLeaseAlone() throws Exception {
    OperatorProcess leader = replica();
    awaitLeading(leader);
    OperatorProcess standby = replica();

    stop(standby);

    assertThat(holder()).contains(identity(leader));
    assertThat(lease().getSpec().getLeaseDurationSeconds()).isEqualTo(15);
    assertThat(leader.operator().lease().orElseThrow().leading()).isTrue();
  }
}
