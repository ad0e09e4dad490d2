package io.cvlan.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.cvlan.agent.identity.Identity;
import io.cvlan.agent.identity.IdentityStore;
import io.cvlan.agent.peers.PeerView;
import io.cvlan.agent.peers.PollPeerSource;
import io.cvlan.agent.register.Backoff;
import io.cvlan.agent.vrouter.CvlanLink;
import io.cvlan.agent.vrouter.CvlanLinks;
import io.cvlan.agent.vrouter.ForwardingPolicy;
import io.cvlan.agent.vrouter.GatewayHost;
import io.cvlan.agent.wireguard.DesiredInterface;
import io.cvlan.agent.wireguard.InterfaceConfig;
import io.cvlan.agent.wireguard.WireGuardBackend;
import io.cvlan.registration.client.RegistrationHttpClient;
import io.cvlan.registration.protocol.Json;
import io.cvlan.registration.protocol.PollRequest;
import io.cvlan.registration.protocol.PollResponse;
import io.cvlan.registration.protocol.RegisterResponse;
import io.cvlan.registration.protocol.VRouterCvlanDto;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent of a VRouter's gateway ({@code cvlan agent --mode vrouter}, DESIGN §6.7): joins with the VRouter's
 * join token (a CSR, so its certificate key stays here), keeps its identity in the data dir like a node, and
 * renews its 8-hour certificate over mTLS two thirds into its life — across restarts, with no join token while
 * the certificate is valid. For every CVLAN of its configuration it keeps one WireGuard interface, long-polls
 * that CVLAN's members and programs them by diff; the {@link ForwardingPolicy} lets each CVLAN reach the
 * advertised subnets and never another CVLAN. What each step decides is pure ({@link CvlanLinks},
 * {@link ForwardingPolicy}, {@link DesiredInterface}); the {@link GatewayHost} applies it.
 */
public final class VRouterAgent implements AutoCloseable {
  /** Interfaces are {@code cvl-<cvlan>}: short enough for most CVLAN names within Linux's 15 characters. */
  public static final String DEFAULT_INTERFACE_PREFIX = "cvl-";
  /** The server answers a vrouter's long-poll at least this often (its poll interval), sooner on a change. */
  static final int WAIT_SECONDS = 5;
  private static final Logger log = LoggerFactory.getLogger(VRouterAgent.class);

  private final AgentSettings settings;
  private final String interfacePrefix;
  private final GatewayHost host;
  private final IdentityStore store;
  private final SecureRandom random = new SecureRandom();
  private final ScheduledExecutorService renewalChecks = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "cvlan-vrouter-renewal");
    thread.setDaemon(true);
    return thread;
  });
  /** The CVLANs served now, by name. Guarded by {@code this}. */
  private final Map<String, Served> served = new LinkedHashMap<>();
  private List<String> siteRoutes = List.of();
  private volatile Identity identity;
  private volatile CertificateRenewal renewal;
  private volatile boolean closed;

  /** One CVLAN's interface, its device and the poller following its members. */
  private record Served(CvlanLink link, WireGuardBackend device, PollPeerSource poller, Thread thread) {
    Served withPoller(PollPeerSource newPoller, Thread newThread) {
      return new Served(link, device, newPoller, newThread);
    }
  }

  public VRouterAgent(AgentSettings settings, String interfacePrefix, GatewayHost host) {
    if (!(settings.placement() instanceof AgentSettings.Placement.VRouter)) {
      throw new IllegalArgumentException("a vrouter agent runs with placement VRouter");
    }
    this.settings = settings;
    this.interfacePrefix = interfacePrefix;
    this.host = host;
    this.store = new IdentityStore(settings.dataDir());
  }

  /** Joins (or loads its identity), renews a certificate already due, sets up every CVLAN's interface and follows its members. */
  public VRouterAgent start() throws Exception {
    Enrollment.Enrolled enrolled = new Enrollment(settings, store).enroll();
    identity = enrolled.identity();
    renewal = new CertificateRenewal(identity, enrolled.credentials(), store, settings.clock(), renewed -> restartPolling(),
        CertificateRenewal.vrouter(settings.hostname()));
    // A restart late in the certificate's life must not wait for the first periodic check.
    renewal.renewIfDue();
    JsonNode config = enrolled.registration().map(RegisterResponse::config).orElse(null);
    configure(config != null ? config : fetchConfig());
    long every = CertificateRenewal.CHECK_EVERY.toSeconds();
    renewalChecks.scheduleWithFixedDelay(renewal::renewIfDue, every, every, TimeUnit.SECONDS);
    log.info("vrouter={} cvlans={} vrouter agent started", identity.nodeId(), servedNames());
    return this;
  }

  public Identity identity() {
    return identity;
  }

  /** The interface of each CVLAN served now. */
  public synchronized Map<String, String> interfaces() {
    Map<String, String> interfaces = new LinkedHashMap<>();
    served.forEach((cvlan, s) -> interfaces.put(cvlan, s.link().iface()));
    return interfaces;
  }

  /** Renews the certificate now if it is two thirds into its life; returns whether a newer one is in use. */
  public boolean renewIfDue() throws Exception {
    return renewal.due() && renewal.renewCertificate();
  }

  /** The configuration of a restarted agent, which has no registration answer: one immediate poll of its first CVLAN. */
  private JsonNode fetchConfig() throws Exception {
    for (int attempt = 0; ; attempt++) {
      try {
        byte[] nonce = new byte[32];
        random.nextBytes(nonce);
        RegistrationHttpClient.Reply reply = renewal.mtls().post("/vrouter/poll", new PollRequest(null, HexFormat.of().formatHex(nonce),
            settings.endpoints(), null, 0, identity.cvlan().name()), Map.of("X-Node-Id", identity.nodeId()), Duration.ofSeconds(30));
        if (reply.status() == 200 && reply.as(PollResponse.class).config() != null) {
          return reply.as(PollResponse.class).config();
        }
        if (reply.status() == 401 || reply.status() == 403) {
          throw new IllegalStateException("the registration API refused this vrouter (HTTP " + reply.status() + "): " + reply.text()
              + "; delete " + store.dir() + " to join again with the join token");
        }
        throw new IOException("poll answered HTTP " + reply.status());
      } catch (IOException e) {
        if (attempt >= 8) {
          throw e;
        }
        Duration wait = Backoff.DEFAULT.delay(attempt, random);
        log.warn("vrouter={} configuration poll failed problem=\"{}\" retryIn={}ms", identity.nodeId(), e.getMessage(), wait.toMillis());
        Thread.sleep(wait.toMillis());
      }
    }
  }

  /**
   * Makes the gateway match {@code config}: an interface per CVLAN (new ones set up and followed, dropped ones
   * emptied and removed) and the forwarding policy. Called with every poll answer; nothing changes when the
   * configuration did not.
   */
  private synchronized void configure(JsonNode config) {
    if (closed) {
      return;
    }
    try {
      List<VRouterCvlanDto> cvlans = new ArrayList<>();
      for (JsonNode cvlan : config.path("cvlans")) {
        cvlans.add(Json.MAPPER.treeToValue(cvlan, VRouterCvlanDto.class));
      }
      List<String> routes = new ArrayList<>();
      config.path("routes").forEach(route -> routes.add(route.asText()));
      List<CvlanLink> links = CvlanLinks.of(interfacePrefix, settings.listenPort(), cvlans);
      if (links.equals(servedLinks()) && routes.equals(siteRoutes)) {
        return;
      }
      for (String cvlan : List.copyOf(served.keySet())) {
        if (links.stream().noneMatch(l -> l.cvlan().equals(cvlan))) {
          drop(served.remove(cvlan));
        }
      }
      for (CvlanLink link : links) {
        Served current = served.get(link.cvlan());
        if (current == null) {
          WireGuardBackend device = host.link(link.iface());
          host.address(link);
          served.put(link.cvlan(), follow(new Served(link, device, null, null)));
          log.info("vrouter={} cvlan={} iface={} port={} address={} serving", identity.nodeId(), link.cvlan(), link.iface(),
              link.listenPort(), link.address());
        } else if (!current.link().equals(link)) {
          host.address(link);
          served.put(link.cvlan(), new Served(link, current.device(), current.poller(), current.thread()));
        }
      }
      host.forward(ForwardingPolicy.rules(links, routes), routes);
      siteRoutes = List.copyOf(routes);
      log.info("vrouter={} cvlans={} routes={} configured", identity.nodeId(), servedNames(), routes);
    } catch (IOException | RuntimeException e) {
      // The next poll answer carries the configuration again: it is retried then.
      siteRoutes = null;
      log.warn("vrouter={} configuring the gateway failed problem=\"{}\"", identity.nodeId(), e.getMessage());
    }
  }

  /** Starts following the CVLAN of {@code s}: its members become the peers of its interface. */
  private Served follow(Served s) {
    String cvlan = s.link().cvlan();
    PollPeerSource poller = new PollPeerSource(renewal.mtls(), PollPeerSource.Target.vrouter(cvlan, WAIT_SECONDS, this::configure),
        identity.nodeId(), null, settings.endpoints(), 0, view -> program(cvlan, view));
    Thread thread = new Thread(poller, "cvlan-vrouter-poll-" + cvlan);
    thread.setDaemon(true);
    thread.start();
    return s.withPoller(poller, thread);
  }

  /** A CVLAN no longer served: stop following it, then empty and remove its interface. */
  private void drop(Served s) throws IOException {
    stop(s);
    s.device().sync(new InterfaceConfig(renewal.credentials().wireguardPrivateKey(), s.link().listenPort(), List.of()));
    host.unlink(s.link().iface());
    log.info("vrouter={} cvlan={} iface={} no longer served", identity.nodeId(), s.link().cvlan(), s.link().iface());
  }

  /** A new view of one CVLAN's members, programmed into that CVLAN's interface by diff. */
  private synchronized void program(String cvlan, PeerView view) {
    Served s = served.get(cvlan);
    if (s == null || closed) {
      return;
    }
    DesiredInterface desired = DesiredInterface.of(renewal.credentials().wireguardPrivateKey(), s.link().listenPort(), view,
        identity.nodeId(), s.link().ownAddresses());
    try {
      var changes = s.device().sync(desired.config());
      log.info("vrouter={} cvlan={} iface={} version={} peers={} changes={}", identity.nodeId(), cvlan, s.link().iface(), view.version(),
          desired.config().peers().size(), changes);
    } catch (IOException e) {
      log.warn("vrouter={} cvlan={} programming WireGuard failed problem=\"{}\"", identity.nodeId(), cvlan, e.getMessage());
    }
  }

  /** Polls present the client certificate: a renewed one needs new connections. */
  private synchronized void restartPolling() {
    for (Map.Entry<String, Served> entry : served.entrySet()) {
      stop(entry.getValue());
      entry.setValue(follow(entry.getValue()));
    }
  }

  private static void stop(Served s) {
    if (s.poller() != null) {
      s.poller().stop();
      s.thread().interrupt();
    }
  }

  private List<CvlanLink> servedLinks() {
    return served.values().stream().map(Served::link).toList();
  }

  private List<String> servedNames() {
    return List.copyOf(served.keySet());
  }

  /** Stops following; the interfaces this agent started go with it (a container's processes end with it anyway). */
  @Override
  public void close() {
    renewalChecks.shutdownNow();
    synchronized (this) {
      closed = true;
      served.values().forEach(VRouterAgent::stop);
      served.clear();
    }
    host.close();
  }
}
