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
import java.time.Instant;
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
    Optional<String> survivingKey = Optional.empty();
    Optional<String> survivingCertificateKey = Optional.empty();
    if (stored instanceof StoredIdentity.Registered registered) {
      Instant notAfter = X509.parse(registered.credentials().certificatePem()).getNotAfter().toInstant();
      if (settings.clock().instant().isBefore(notAfter)) {
        log.info("node={} identity loaded from {}", registered.identity().nodeId(), store.dir());
        return new Enrolled(registered.identity(), registered.credentials(), Optional.empty());
      }
      // A certificate renews itself only while it is valid (mTLS): past its end the node joins again, with
      // its keys, so the server answers with the same Node.
      log.warn("node={} certificate expired notAfter={}; joining again", registered.identity().nodeId(), notAfter);
      survivingKey = Optional.of(registered.credentials().wireguardPrivateKey());
      survivingCertificateKey = Optional.of(registered.credentials().certificateKeyPem());
    }
    if (stored instanceof StoredIdentity.Corrupt corrupt) {
      log.warn("dir={} identity corrupt reason=\"{}\"; registering again", store.dir(), corrupt.reason());
      survivingKey = store.survivingWireguardKey();
      survivingCertificateKey = store.survivingCertificateKey();
      store.clear();
    }
    return register(survivingKey, survivingCertificateKey);
  }

  /**
   * What the agent joins with: a registration token (the files of its Secret beside it say where the server
   * is), or a pod's projected ServiceAccount token.
   */
  private interface JoinCredential {
    String server();

    String serverCa();

    /** The request's token fields, read anew at every attempt. */
    RegisterRequest request(RegisterRequest base);

    /** The namespace the node joins in (where its peer ConfigMaps are). */
    String tenant();

    String source();

    void used();
  }

  private JoinCredential credential() throws Exception {
    if (settings.placement() instanceof AgentSettings.Placement.Sidecar sidecar && sidecar.identityTokenFile().isPresent()) {
      return new PodIdentity(sidecar.identityTokenFile().get(), sidecar.pod());
    }
    return new Token(settings.tokens().resolve());
  }

  private final class Token implements JoinCredential {
    private final ResolvedToken token;

    Token(ResolvedToken token) {
      this.token = token;
    }

    @Override
    public String server() {
      return settings.server().orElseGet(() -> beside(token, "server"));
    }

    @Override
    public String serverCa() {
      return settings.serverCaPem().orElseGet(() -> beside(token, "ca.crt"));
    }

    @Override
    public RegisterRequest request(RegisterRequest base) {
      return new RegisterRequest(token.token(), base.publicKey(), base.mac(), base.nonce(), base.hostname(), base.os(), base.agentVersion(),
          base.endpoints(), base.csr(), base.pod(), base.kubernetesNode());
    }

    @Override
    public String tenant() {
      return tenantOf(token.token());
    }

    @Override
    public String source() {
      return token.source();
    }

    @Override
    public void used() {
      // A vrouter keeps its join token: it joins again with it when its certificate lapsed while it was down.
      if (!vrouter()) {
        token.file().ifPresent(Enrollment::deleteUsedToken);
      }
    }
  }

  /**
   * A projected ServiceAccount token: kubelet rotates the file, so it is read at every attempt, and it is never
   * deleted. The pod it speaks for is the one the API server's review names, not the one the agent says.
   */
  private final class PodIdentity implements JoinCredential {
    private final Path file;
    private final PodDto pod;

    PodIdentity(Path file, PodDto pod) {
      this.file = file;
      this.pod = pod;
    }

    @Override
    public String server() {
      return settings.server().orElseGet(() -> beside(file, "server"));
    }

    @Override
    public String serverCa() {
      return settings.serverCaPem().orElseGet(() -> beside(file, "ca.crt"));
    }

    @Override
    public RegisterRequest request(RegisterRequest base) {
      String identity;
      try {
        identity = Files.readString(file, StandardCharsets.US_ASCII).strip();
      } catch (IOException e) {
        throw new IllegalStateException("cannot read the identity token " + file + ": " + e.getClass().getSimpleName()
            + " (mount a projected serviceAccountToken volume with audience cvlan.io)", e);
      }
      // The registration ConfigMap projected beside the token names its RegistrationToken: no ambiguity to resolve.
      String registrationToken = optionalBeside(file, "registration-token").filter(name -> !name.isEmpty()).orElse(null);
      return new RegisterRequest(null, base.publicKey(), base.mac(), base.nonce(), base.hostname(), base.os(), base.agentVersion(),
          base.endpoints(), base.csr(), null, base.kubernetesNode(), identity, registrationToken);
    }

    @Override
    public String tenant() {
      return pod.namespace();
    }

    @Override
    public String source() {
      return "serviceaccount token " + file;
    }

    @Override
    public void used() {
    }
  }

  private Enrolled register(Optional<String> survivingKey, Optional<String> survivingCertificateKey) throws Exception {
    JoinCredential credential = credential();
    String server = credential.server();
    String serverCa = credential.serverCa();
    WireGuardKeys.KeyPair keys = survivingKey.map(k -> new WireGuardKeys.KeyPair(k, WireGuardKeys.publicKeyOf(k)))
        .orElseGet(() -> WireGuardKeys.generate(random));
    CsrKeys csr = CsrKeys.generate(settings.hostname(), random);
    RegistrationHttpClient http = RegistrationHttpClient.to(server, serverCa);
    String path = vrouter() ? "/vrouter/register" : "/client/register";
    Registrar registrar = new Registrar(request -> http.post(path, request, Map.of(), Duration.ofSeconds(30)),
        Backoff.DEFAULT, settings.clock(), d -> Thread.sleep(d.toMillis()), random);
    PodDto pod = settings.placement() instanceof AgentSettings.Placement.Sidecar sidecar ? sidecar.pod() : null;
    String kubernetesNode = settings.placement() instanceof AgentSettings.Placement.Daemonset daemonset ? daemonset.kubernetesNode() : null;
    RegisterResponse response = registrar.register(() -> credential.request(new RegisterRequest(null, keys.publicKey(), settings.mac(),
        nonce(), settings.hostname(), settings.os(), BuildInfo.version(), settings.endpoints(), csr.csrPem(), pod, kubernetesNode)));
    Identity identity = new Identity(response.nodeId(), credential.tenant(), response.ipv4(), response.ipv6(), response.cvlan(),
        server, serverCa, settings.clock().instant().toString(), Boolean.TRUE.equals(response.ephemeral()));
    Credentials credentials = new Credentials(keys.privateKey(), response.certificate(),
        response.privateKey() != null ? response.privateKey() : certificateKey(response.certificate(), csr, survivingCertificateKey),
        response.caChain());
    store.save(identity, credentials);
    log.info("node={} ipv4={} registered source=\"{}\"", identity.nodeId(), identity.ipv4(), credential.source());
    credential.used();
    return new Enrolled(identity, credentials, Optional.of(response));
  }

  private boolean vrouter() {
    return settings.placement() instanceof AgentSettings.Placement.VRouter;
  }

  /** Whether {@code registered} is a vrouter's identity whose certificate has expired (nodes renew for a year). */
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
    return beside(token.file(), name);
  }

  /**
   * The server URL or CA from the files beside the identity token: the projected volume that holds the
   * ServiceAccount token also projects the RegistrationToken's {@code <name>-registration} ConfigMap.
   */
  private static String beside(Path identityToken, String name) {
    return beside(Optional.of(identityToken), name);
  }

  /** The stripped text of the file {@code name} beside {@code tokenFile}, when there is one. */
  private static Optional<String> optionalBeside(Path tokenFile, String name) {
    Path file = tokenFile.resolveSibling(name);
    try {
      return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip()) : Optional.empty();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file + ": " + e.getClass().getSimpleName(), e);
    }
  }

  private static String beside(Optional<Path> tokenFile, String name) {
    return tokenFile.flatMap(f -> optionalBeside(f, name)).map(text -> text + (name.endsWith(".crt") ? "\n" : ""))
        .orElseThrow(() -> new IllegalStateException("the registration server's " + ("server".equals(name) ? "URL" : "CA")
            + " is unknown: pass " + ("server".equals(name) ? "--server" : "--ca-file")
            + " or mount the token Secret or registration ConfigMap (they hold " + name + ")"));
  }

  private String nonce() {
    byte[] nonce = new byte[32];
    random.nextBytes(nonce);
    return HexFormat.of().formatHex(nonce);
  }
}
