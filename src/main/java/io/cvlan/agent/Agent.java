package io.cvlan.agent;

import io.cvlan.build.BuildInfo;
import io.cvlan.pki.Renewal;
import io.cvlan.agent.identity.Credentials;
import io.cvlan.agent.identity.Identity;
import io.cvlan.agent.identity.IdentityStore;
import io.cvlan.agent.identity.StoredIdentity;
import io.cvlan.agent.peers.ConfigMapPeerSource;
import io.cvlan.agent.peers.PeerView;
import io.cvlan.agent.peers.PollPeerSource;
import io.cvlan.agent.register.Backoff;
import io.cvlan.agent.register.Registrar;
import io.cvlan.agent.token.ResolvedToken;
import io.cvlan.agent.wireguard.Addressing;
import io.cvlan.agent.wireguard.InterfaceConfig;
import io.cvlan.agent.wireguard.PeerConfig;
import io.cvlan.agent.wireguard.WireGuardBackend;
import io.cvlan.agent.wireguard.WireGuardKeys;
import io.cvlan.peers.PeerKind;
import io.cvlan.registration.client.RegistrationHttpClient;
import io.cvlan.registration.protocol.PodDto;
import io.cvlan.registration.protocol.RegisterRequest;
import io.cvlan.token.InvalidTokenException;
import io.cvlan.token.TokenCodec;
import io.cvlan.registration.protocol.RegisterResponse;
import io.cvlan.registration.protocol.CertificateResponse;
import java.io.IOException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent outside the cluster (DESIGN §6): a stored identity or a registration, the overlay address on
 * the interface, then peers from the poll API programmed into WireGuard by diff.
 */
public final class Agent implements AutoCloseable {
  static final int DEFAULT_KEEPALIVE = 25;
  /** How often the certificate's age is checked; renewal itself happens two thirds into its life. */
  static final Duration RENEWAL_CHECK = Duration.ofMinutes(10);
  private static final Logger log = LoggerFactory.getLogger(Agent.class);

  private final AgentSettings settings;
  private final WireGuardBackend backend;
  private final Addressing addressing;
  private final IdentityStore store;
  private final SecureRandom random = new SecureRandom();
  private final ScheduledExecutorService renewal = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "cvlan-agent-renewal");
    thread.setDaemon(true);
    return thread;
  });
  private Identity identity;
  private Credentials credentials;
  private PollPeerSource peers;
  private ConfigMapPeerSource configMaps;
  private Thread poller;
  private volatile PeerView lastView;

  public Agent(AgentSettings settings, WireGuardBackend backend, Addressing addressing) {
    this.settings = settings;
    this.backend = backend;
    this.addressing = addressing;
    this.store = new IdentityStore(settings.dataDir());
  }

  /** Registers if needed, configures the interface, and starts following peers. */
  public Agent start() throws Exception {
    RegisterResponse registered = ensureIdentity();
    addressing.configure(identity.ipv4() + "/" + prefix(identity.cvlan().cidr()), List.of());
    backend.sync(new InterfaceConfig(credentials.wireguardPrivateKey(), settings.listenPort(), List.of()));
    if (settings.cluster().isPresent()) {
      configMaps = new ConfigMapPeerSource(settings.cluster().get(), identity.namespace(), identity.cvlan().name(), identity.nodeId(),
          this::program).start();
    } else {
      startPolling(registered);
    }
    renewal.scheduleWithFixedDelay(this::renewIfDue, RENEWAL_CHECK.toSeconds(), RENEWAL_CHECK.toSeconds(), TimeUnit.SECONDS);
    log.info("node={} ipv4={} iface={} agent started", identity.nodeId(), identity.ipv4(), settings.iface());
    return this;
  }

  private synchronized void startPolling(RegisterResponse registered) {
    if (peers != null) {
      peers.stop();
      poller.interrupt();
    }
    peers = new PollPeerSource(mtls(), identity.nodeId(), mac(), settings.endpoints(), 0, this::program);
    if (registered != null && registered.peers() != null) {
      peers.seed(registered.peers(), registered.version());
    }
    poller = new Thread(peers, "cvlan-agent-poll");
    poller.setDaemon(true);
    poller.start();
  }

  private RegistrationHttpClient mtls() {
    return RegistrationHttpClient.to(identity.server(), identity.serverCa(), credentials.certificatePem(), credentials.certificateKeyPem());
  }

  /**
   * Two thirds into the certificate's life the operator re-issues it (same key when the agent sent a CSR);
   * from then on the agent fetches it until it has the newer one.
   */
  void renewIfDue() {
    try {
      X509Certificate current = certificate(credentials.certificatePem());
      if (settings.clock().instant().isBefore(Renewal.renewAt(current.getNotBefore().toInstant(), current.getNotAfter().toInstant()))) {
        return;
      }
      renewCertificate();
    } catch (Exception e) {
      log.warn("node={} certificate renewal failed problem=\"{}\"; retrying later", identity.nodeId(), e.getMessage());
    }
  }

  /** Fetches the node's current certificate; keeps it when it outlives the one on disk. Returns whether it did. */
  public synchronized boolean renewCertificate() throws Exception {
    RegistrationHttpClient.Reply reply = mtls().get("/client/certificate", Map.of("X-Node-Id", identity.nodeId()), Duration.ofSeconds(30));
    if (reply.status() != 200) {
      throw new IllegalStateException("certificate fetch answered HTTP " + reply.status());
    }
    CertificateResponse fetched = reply.as(CertificateResponse.class);
    if (!certificate(fetched.certificate()).getNotAfter().after(certificate(credentials.certificatePem()).getNotAfter())) {
      return false;
    }
    credentials = new Credentials(credentials.wireguardPrivateKey(), fetched.certificate(),
        fetched.privateKey() != null ? fetched.privateKey() : credentials.certificateKeyPem(),
        fetched.caChain() != null ? fetched.caChain() : credentials.caChainPem());
    store.save(identity, credentials);
    log.info("node={} certificate renewed notAfter={}", identity.nodeId(), certificate(fetched.certificate()).getNotAfter().toInstant());
    if (peers != null) {
      startPolling(null);
    }
    return true;
  }

  private static X509Certificate certificate(String pem) throws java.security.cert.CertificateException {
    return (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new java.io.ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }

  public Identity identity() {
    return identity;
  }

  public Optional<PeerView> lastView() {
    return Optional.ofNullable(lastView);
  }

  /** The identity on disk if usable, else a registration (the response, to seed the peers), else an error. */
  private RegisterResponse ensureIdentity() throws Exception {
    StoredIdentity stored = store.load();
    if (stored instanceof StoredIdentity.Registered registered) {
      identity = registered.identity();
      credentials = registered.credentials();
      log.info("node={} identity loaded from {}", identity.nodeId(), store.dir());
      return null;
    }
    Optional<String> survivingKey = Optional.empty();
    Optional<String> survivingCertificateKey = Optional.empty();
    if (stored instanceof StoredIdentity.Corrupt corrupt) {
      log.warn("dir={} identity corrupt reason=\"{}\"; registering again", store.dir(), corrupt.reason());
      survivingKey = store.survivingWireguardKey();
      survivingCertificateKey = store.survivingCertificateKey();
      store.clear();
    }
    ResolvedToken token = settings.tokens().resolve();
    String server = settings.server().orElseGet(() -> beside(token, "server"));
    String serverCa = settings.serverCaPem().orElseGet(() -> beside(token, "ca.crt"));
    WireGuardKeys.KeyPair keys = survivingKey.map(k -> new WireGuardKeys.KeyPair(k, WireGuardKeys.publicKeyOf(k)))
        .orElseGet(() -> WireGuardKeys.generate(random));
    CsrKeys csr = CsrKeys.generate(settings.hostname(), random);
    RegistrationHttpClient http = RegistrationHttpClient.to(server, serverCa);
    Registrar registrar = new Registrar(request -> http.post("/client/register", request, Map.of(), Duration.ofSeconds(30)),
        Backoff.DEFAULT, settings.clock(), d -> Thread.sleep(d.toMillis()), random);
    PodDto pod = settings.placement() instanceof AgentSettings.Placement.Sidecar sidecar ? sidecar.pod() : null;
    String kubernetesNode = settings.placement() instanceof AgentSettings.Placement.Daemonset daemonset ? daemonset.kubernetesNode() : null;
    RegisterResponse response = registrar.register(() -> new RegisterRequest(token.token(), keys.publicKey(), mac(), nonce(),
        settings.hostname(), settings.os(), BuildInfo.version(), settings.endpoints(), csr.csrPem(), pod, kubernetesNode));
    identity = new Identity(response.nodeId(), tenantOf(token.token()), response.ipv4(), response.ipv6(), response.cvlan(), server, serverCa,
        settings.clock().instant().toString(), Boolean.TRUE.equals(response.ephemeral()));
    credentials = new Credentials(keys.privateKey(), response.certificate(),
        response.privateKey() != null ? response.privateKey() : certificateKey(response.certificate(), csr, survivingCertificateKey),
        response.caChain());
    store.save(identity, credentials);
    log.info("node={} ipv4={} registered source=\"{}\"", identity.nodeId(), identity.ipv4(), token.source());
    token.file().ifPresent(file -> {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        log.warn("file={} token file could not be deleted problem={}", file, e.getClass().getSimpleName());
      }
    });
    return response;
  }

  /** A new view of the peers: WireGuard peers by diff, and routes for the subnets VRouters advertise. */
  private synchronized void program(PeerView view) {
    int keepalive = view.settings().map(s -> s.persistentKeepalive()).filter(k -> k != null).orElse(DEFAULT_KEEPALIVE);
    List<PeerConfig> configs = view.peers().stream().map(p -> new PeerConfig(p.publicKey(),
        p.endpoints().stream().findFirst().map(e -> e.host() + ":" + e.port()), p.allowedIps(), keepalive)).toList();
    List<String> routes = view.peers().stream().filter(p -> p.kind() == PeerKind.vrouter).flatMap(p -> p.routes().stream()).toList();
    try {
      var changes = backend.sync(new InterfaceConfig(credentials.wireguardPrivateKey(), settings.listenPort(), configs));
      if (!routes.isEmpty()) {
        addressing.configure(identity.ipv4() + "/" + prefix(identity.cvlan().cidr()), routes);
      }
      lastView = view;
      log.info("node={} version={} peers={} changes={}", identity.nodeId(), view.version(), configs.size(), changes);
    } catch (IOException e) {
      log.warn("node={} programming WireGuard failed problem=\"{}\"", identity.nodeId(), e.getMessage());
    }
  }

  /**
   * The key the returned certificate is for: the CSR's just sent, or — when registration returned an existing
   * identity — the one that survived on disk.
   */
  private static String certificateKey(String certificatePem, CsrKeys csr, Optional<String> surviving) throws Exception {
    java.security.PublicKey certified = certificate(certificatePem).getPublicKey();
    for (String candidate : surviving.map(k -> List.of(csr.privateKeyPem(), k)).orElse(List.of(csr.privateKeyPem()))) {
      if (matches(certified, candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("the server returned a certificate for a key this agent does not hold (an existing "
        + "registration whose key was lost); delete the Node or register under another hostname");
  }

  private static boolean matches(java.security.PublicKey certified, String privateKeyPem) throws Exception {
    java.security.PrivateKey key = RegistrationHttpClient.privateKey(privateKeyPem);
    java.security.Signature signer = java.security.Signature.getInstance("SHA256withECDSA");
    signer.initSign(key);
    byte[] probe = "cvlan-key-check".getBytes(StandardCharsets.US_ASCII);
    signer.update(probe);
    byte[] signature = signer.sign();
    java.security.Signature verifier = java.security.Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(certified);
    verifier.update(probe);
    return verifier.verify(signature);
  }

  /** The tenant (namespace) the token names; the server verified it, the agent only reads where to watch. */
  private static String tenantOf(String token) {
    try {
      return new TokenCodec().parse(token).claims().tenantId();
    } catch (InvalidTokenException e) {
      throw new IllegalStateException("the registration token does not parse: " + e.error(), e);
    }
  }

  private String beside(ResolvedToken token, String name) {
    Optional<java.nio.file.Path> file = token.file().map(f -> f.resolveSibling(name));
    try {
      if (file.isPresent() && Files.exists(file.get())) {
        return Files.readString(file.get(), StandardCharsets.UTF_8).strip() + (name.endsWith(".crt") ? "\n" : "");
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file.get() + ": " + e.getClass().getSimpleName(), e);
    }
    throw new IllegalStateException("the registration server's " + ("server".equals(name) ? "URL" : "CA") + " is unknown: pass "
        + ("server".equals(name) ? "--server" : "--ca-file") + " or mount the token Secret (it holds " + name + ")");
  }

  /** A stable, locally administered MAC derived from the hostname: binds registrations of this machine. */
  private String mac() {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(settings.hostname().getBytes(StandardCharsets.UTF_8));
      hash[0] = (byte) ((hash[0] & 0xfc) | 0x02);
      return HexFormat.ofDelimiter(":").formatHex(hash, 0, 6);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private String nonce() {
    byte[] nonce = new byte[32];
    random.nextBytes(nonce);
    return HexFormat.of().formatHex(nonce);
  }

  private static int prefix(String cidr) {
    return Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
  }

  /** Stops following peers; an ephemeral node also deregisters and forgets its identity. */
  @Override
  public void close() {
    renewal.shutdownNow();
    if (identity != null && identity.ephemeral()) {
      try {
        RegistrationHttpClient.Reply reply = mtls().post("/client/deregister", Map.of(), Map.of("X-Node-Id", identity.nodeId()),
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
}
