package io.cvlan.agent;

import io.cvlan.agent.identity.Credentials;
import io.cvlan.agent.identity.Identity;
import io.cvlan.agent.identity.IdentityStore;
import io.cvlan.agent.identity.StoredIdentity;
import io.cvlan.agent.register.Backoff;
import io.cvlan.agent.register.Registrar;
import io.cvlan.agent.token.ResolvedToken;
import io.cvlan.agent.wireguard.WireGuardKeys;
import io.cvlan.build.BuildInfo;
import io.cvlan.registration.client.RegistrationHttpClient;
import io.cvlan.registration.protocol.PodDto;
import io.cvlan.registration.protocol.RegisterRequest;
import io.cvlan.registration.protocol.RegisterResponse;
import io.cvlan.token.InvalidTokenException;
import io.cvlan.token.TokenCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who this machine is in its CVLAN (DESIGN §6.1–6.3): the identity in the data dir if usable, else a
 * registration with the first token found ({@code /vrouter/register} with a VRouter's join token). A corrupt
 * identity registers again with the keys that survived it, so that the server answers with the existing Node
 * instead of refusing a second one; so does a vrouter whose 8-hour certificate lapsed while it was down.
 */
final class Enrollment {
  private static final Logger log = LoggerFactory.getLogger(Enrollment.class);

  private final AgentSettings settings;
  private final IdentityStore store;
  private final SecureRandom random = new SecureRandom();

  Enrollment(AgentSettings settings, IdentityStore store) {
    this.settings = settings;
    this.store = store;
  }

  /** The node's identity and credentials; {@code registration} is the server's answer when it just registered (it seeds the peers). */
  record Enrolled(Identity identity, Credentials credentials, Optional<RegisterResponse> registration) {}

  Enrolled enroll() throws Exception {
    StoredIdentity stored = store.load();
    if (stored instanceof StoredIdentity.Registered registered && !expiredVRouter(registered)) {
      log.info("node={} identity loaded from {}", registered.identity().nodeId(), store.dir());
      return new Enrolled(registered.identity(), registered.credentials(), Optional.empty());
    }
    Optional<String> survivingKey = Optional.empty();
    Optional<String> survivingCertificateKey = Optional.empty();
    if (stored instanceof StoredIdentity.Registered expired) {
      // Renewal needs a valid certificate; a vrouter down for longer than its 8 hours joins again, with its keys.
      log.info("node={} certificate expired while the agent was down; registering again with the join token",
          expired.identity().nodeId());
      survivingKey = store.survivingWireguardKey();
      survivingCertificateKey = store.survivingCertificateKey();
    }
    if (stored instanceof StoredIdentity.Corrupt corrupt) {
      log.warn("dir={} identity corrupt reason=\"{}\"; registering again", store.dir(), corrupt.reason());
      survivingKey = store.survivingWireguardKey();
      survivingCertificateKey = store.survivingCertificateKey();
      store.clear();
    }
    return register(survivingKey, survivingCertificateKey);
  }

  private Enrolled register(Optional<String> survivingKey, Optional<String> survivingCertificateKey) throws Exception {
    ResolvedToken token = settings.tokens().resolve();
    String server = settings.server().orElseGet(() -> beside(token, "server"));
    String serverCa = settings.serverCaPem().orElseGet(() -> beside(token, "ca.crt"));
    WireGuardKeys.KeyPair keys = survivingKey.map(k -> new WireGuardKeys.KeyPair(k, WireGuardKeys.publicKeyOf(k)))
        .orElseGet(() -> WireGuardKeys.generate(random));
    CsrKeys csr = CsrKeys.generate(settings.hostname(), random);
    RegistrationHttpClient http = RegistrationHttpClient.to(server, serverCa);
    String path = vrouter() ? "/vrouter/register" : "/client/register";
    Registrar registrar = new Registrar(request -> http.post(path, request, Map.of(), Duration.ofSeconds(30)),
        Backoff.DEFAULT, settings.clock(), d -> Thread.sleep(d.toMillis()), random);
    PodDto pod = settings.placement() instanceof AgentSettings.Placement.Sidecar sidecar ? sidecar.pod() : null;
    String kubernetesNode = settings.placement() instanceof AgentSettings.Placement.Daemonset daemonset ? daemonset.kubernetesNode() : null;
    RegisterResponse response = registrar.register(() -> new RegisterRequest(token.token(), keys.publicKey(), settings.mac(), nonce(),
        settings.hostname(), settings.os(), BuildInfo.version(), settings.endpoints(), csr.csrPem(), pod, kubernetesNode));
    Identity identity = new Identity(response.nodeId(), tenantOf(token.token()), response.ipv4(), response.ipv6(), response.cvlan(),
        server, serverCa, settings.clock().instant().toString(), Boolean.TRUE.equals(response.ephemeral()));
    Credentials credentials = new Credentials(keys.privateKey(), response.certificate(),
        response.privateKey() != null ? response.privateKey() : certificateKey(response.certificate(), csr, survivingCertificateKey),
        response.caChain());
    store.save(identity, credentials);
    log.info("node={} ipv4={} registered source=\"{}\"", identity.nodeId(), identity.ipv4(), token.source());
    if (!vrouter()) {
      // A vrouter keeps its join token: it joins again with it when its certificate lapsed while it was down.
      token.file().ifPresent(Enrollment::deleteUsedToken);
    }
    return new Enrolled(identity, credentials, Optional.of(response));
  }

  private boolean vrouter() {
    return settings.placement() instanceof AgentSettings.Placement.VRouter;
  }

  /** Whether {@code registered} is a vrouter's identity whose certificate has expired (nodes renew for a year). */
  private boolean expiredVRouter(StoredIdentity.Registered registered) {
    if (!vrouter()) {
      return false;
    }
    try {
      return !settings.clock().instant().isBefore(X509.parse(registered.credentials().certificatePem()).getNotAfter().toInstant());
    } catch (java.security.cert.CertificateException e) {
      return true;
    }
  }

  /** A used token must not linger on disk; failing to delete it does not undo the registration. */
  private static void deleteUsedToken(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("file={} token file could not be deleted problem={}", file, e.getClass().getSimpleName());
    }
  }

  /**
   * The key the returned certificate is for: the CSR's just sent, or — when registration returned an existing
   * identity — the one that survived on disk.
   */
  private static String certificateKey(String certificatePem, CsrKeys csr, Optional<String> surviving) throws Exception {
    PublicKey certified = X509.parse(certificatePem).getPublicKey();
    for (String candidate : surviving.map(k -> List.of(csr.privateKeyPem(), k)).orElse(List.of(csr.privateKeyPem()))) {
      if (matches(certified, candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("the server returned a certificate for a key this agent does not hold (an existing "
        + "registration whose key was lost); delete the Node or register under another hostname");
  }

  /** Whether {@code privateKeyPem} signs what {@code certified} verifies: a key pair, whatever the PEM encodings. */
  private static boolean matches(PublicKey certified, String privateKeyPem) throws Exception {
    PrivateKey key = RegistrationHttpClient.privateKey(privateKeyPem);
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(key);
    byte[] probe = "cvlan-key-check".getBytes(StandardCharsets.US_ASCII);
    signer.update(probe);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withECDSA");
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

  /** The server URL or CA from the mounted token Secret, whose keys lie beside the token file. */
  private static String beside(ResolvedToken token, String name) {
    Optional<Path> file = token.file().map(f -> f.resolveSibling(name));
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

  private String nonce() {
    byte[] nonce = new byte[32];
    random.nextBytes(nonce);
    return HexFormat.of().formatHex(nonce);
  }
}
