package io.cvlan.agent;

import io.cvlan.agent.identity.Identity;
import io.cvlan.agent.identity.IdentityStore;
import io.cvlan.agent.peers.ConfigMapPeerSource;
import io.cvlan.agent.peers.PeerView;
import io.cvlan.agent.peers.PollPeerSource;
import io.cvlan.agent.wireguard.Addressing;
import io.cvlan.agent.wireguard.DesiredInterface;
import io.cvlan.agent.wireguard.InterfaceConfig;
import io.cvlan.agent.wireguard.WireGuardBackend;
import io.cvlan.registration.client.RegistrationHttpClient;
import io.cvlan.registration.protocol.RegisterResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent of one node, in every mode (DESIGN §6: standalone, daemonset, sidecar): enrolls, gives the
 * WireGuard interface its overlay address, follows its peers (the peer ConfigMaps in a cluster, the poll API
 * outside), programs each view into WireGuard by diff, and keeps its certificate fresh. What each step
 * decides lives in {@link Enrollment}, {@link DesiredInterface} and {@link CertificateRenewal}; this class
 * orders the steps and owns the threads.
 */
public final class Agent implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Agent.class);

  private final AgentSettings settings;
  private final WireGuardBackend backend;
  private final Addressing addressing;
  private final IdentityStore store;
  private final ScheduledExecutorService renewalChecks = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "cvlan-agent-renewal");
    thread.setDaemon(true);
    return thread;
  });
  private volatile Identity identity;
  private volatile CertificateRenewal renewal;
  private PollPeerSource peers;
  private ConfigMapPeerSource configMaps;
  private Thread poller;
  private volatile PeerView lastView;
  /** The VRouter subnets routed into the interface now. */
  private List<String> routes = List.of();

  public Agent(AgentSettings settings, WireGuardBackend backend, Addressing addressing) {
    this.settings = settings;
    this.backend = backend;
    this.addressing = addressing;
    this.store = new IdentityStore(settings.dataDir());
  }

  /** Registers if needed, configures the interface, and starts following peers. */
  public Agent start() throws Exception {
    Enrollment.Enrolled enrolled = new Enrollment(settings, store).enroll();
    identity = enrolled.identity();
    renewal = new CertificateRenewal(identity, enrolled.credentials(), store, settings.clock(), renewed -> restartPolling());
    addressing.configure(overlayAddress(), List.of());
    backend.sync(new InterfaceConfig(enrolled.credentials().wireguardPrivateKey(), settings.listenPort(), List.of()));
    if (settings.cluster().isPresent()) {
      configMaps = new ConfigMapPeerSource(settings.cluster().get(), identity.namespace(), identity.cvlan().name(), identity.nodeId(),
          this::program).start();
    } else {
      startPolling(enrolled.registration());
    }
    long every = CertificateRenewal.CHECK_EVERY.toSeconds();
    renewalChecks.scheduleWithFixedDelay(renewal::renewIfDue, every, every, TimeUnit.SECONDS);
    log.info("node={} ipv4={} iface={} agent started", identity.nodeId(), identity.ipv4(), settings.iface());
    return this;
  }

  private synchronized void startPolling(Optional<RegisterResponse> registration) {
    if (peers != null) {
      peers.stop();
      poller.interrupt();
    }
    peers = new PollPeerSource(renewal.mtls(), identity.nodeId(), settings.mac(), settings.endpoints(), 0, this::program);
    registration.filter(r -> r.peers() != null).ifPresent(r -> peers.seed(r.peers(), r.version()));
    poller = new Thread(peers, "cvlan-agent-poll");
    poller.setDaemon(true);
    poller.start();
  }

  /** Polls present the client certificate: a renewed one needs a new connection. ConfigMap watches do not use it. */
  private synchronized void restartPolling() {
    if (peers != null) {
      startPolling(Optional.empty());
    }
  }

  /** Fetches the node's current certificate; keeps it when it outlives the one on disk. Returns whether it did. */
  public boolean renewCertificate() throws Exception {
    return renewal.renewCertificate();
  }

  public Identity identity() {
    return identity;
  }

  public Optional<PeerView> lastView() {
    return Optional.ofNullable(lastView);
  }

  /** A new view of the peers: WireGuard peers by diff, and routes for the subnets VRouters advertise. */
  private synchronized void program(PeerView view) {
    List<String> ownAddresses = Stream.of(identity.ipv4(), identity.ipv6()).filter(Objects::nonNull).toList();
    DesiredInterface desired = DesiredInterface.of(renewal.credentials().wireguardPrivateKey(), settings.listenPort(), view,
        identity.nodeId(), ownAddresses);
    if (!desired.claimedTwice().isEmpty()) {
      // WireGuard would move such an IP to whichever peer is written last; DesiredInterface chose one instead.
      log.warn("node={} version={} claimedTwice={} allowed IPs claimed by two peers, kept by one claims=\"{}\"", identity.nodeId(),
          view.version(), desired.claimedTwice().size(), desired.claimedTwice());
    }
    try {
      var changes = backend.sync(desired.config());
      if (!desired.routes().equals(routes)) {
        // Routes follow the allowed IPs both ways: a subnet no VRouter advertises any more stops entering the overlay.
        addressing.configure(overlayAddress(), desired.routes());
        routes = desired.routes();
      }
      lastView = view;
      log.info("node={} version={} peers={} changes={}", identity.nodeId(), view.version(), desired.config().peers().size(), changes);
    } catch (IOException e) {
      log.warn("node={} programming WireGuard failed problem=\"{}\"", identity.nodeId(), e.getMessage());
    }
  }

  /** The node's address with the CVLAN's prefix: the kernel then routes the whole CVLAN into the interface. */
  private String overlayAddress() {
    String cidr = identity.cvlan().cidr();
    return identity.ipv4() + cidr.substring(cidr.indexOf('/'));
  }

  /** Stops following peers; an ephemeral node also deregisters and forgets its identity. */
  @Override
  public void close() {
    renewalChecks.shutdownNow();
    if (identity != null && renewal != null && identity.ephemeral()) {
      deregister(renewal.mtls());
    }
    if (peers != null) {
      peers.stop();
    }
    if (configMaps != null) {
      configMaps.close();
    }
    if (poller != null) {
      poller.interrupt();
    }
  }

  private void deregister(RegistrationHttpClient mtls) {
    try {
      RegistrationHttpClient.Reply reply = mtls.post("/client/deregister", Map.of(), Map.of("X-Node-Id", identity.nodeId()),
          Duration.ofSeconds(10));
      if (reply.status() == 200) {
        store.clear();
        log.info("node={} ephemeral node deregistered", identity.nodeId());
      } else {
        log.warn("node={} deregistration answered HTTP {}", identity.nodeId(), reply.status());
      }
    } catch (Exception e) {
      log.warn("node={} deregistration failed problem={}; the operator removes it once it expires", identity.nodeId(),
          e.getClass().getSimpleName());
    }
  }
}
