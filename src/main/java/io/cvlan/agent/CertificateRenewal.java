package io.cvlan.agent;

import io.cvlan.agent.identity.Credentials;
import io.cvlan.agent.identity.Identity;
import io.cvlan.agent.identity.IdentityStore;
import io.cvlan.pki.Renewal;
import io.cvlan.registration.client.RegistrationHttpClient;
import io.cvlan.registration.protocol.CertificateResponse;
import io.cvlan.registration.protocol.RenewRequest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's client certificate over time: the credentials in use, and their replacement once the operator has
 * re-issued the certificate. Two thirds into a certificate's life ({@link Renewal#renewAt}, the rule the
 * operator re-issues by) the agent starts fetching until it has the newer one; it then saves it and tells the
 * lifecycle, whose connections still present the old one.
 */
final class CertificateRenewal {
  /** How often the certificate's age is checked; renewal itself happens two thirds into its life. */
  static final Duration CHECK_EVERY = Duration.ofMinutes(10);
  private static final Logger log = LoggerFactory.getLogger(CertificateRenewal.class);

  private final Identity identity;
  private final IdentityStore store;
  private final Clock clock;
  private final Consumer<Credentials> renewed;
  private final Fetch fetch;
  private volatile Credentials credentials;

  /** How the current certificate is obtained with the one in use: a node fetches it, a vrouter asks for one for its key. */
  @FunctionalInterface
  interface Fetch {
    RegistrationHttpClient.Reply fetch(RegistrationHttpClient mtls, Identity identity, Credentials current) throws Exception;
  }

  /** {@code GET /client/certificate}: the operator re-issued the node's certificate; fetch it. */
  static final Fetch NODE = (mtls, identity, current) -> mtls.get("/client/certificate", Map.of("X-Node-Id", identity.nodeId()),
      Duration.ofSeconds(30));

  /**
   * {@code POST /vrouter/renew} with a CSR for the key the vrouter already holds: an 8-hour certificate is
   * renewed by the agent itself, with no join token and no new key.
   */
  static Fetch vrouter(String hostname) {
    return (mtls, identity, current) -> mtls.post("/vrouter/renew",
        new RenewRequest(CsrKeys.forKey(hostname, current.certificateKeyPem(),
            X509.parse(current.certificatePem()).getPublicKey()).csrPem()), Map.of("X-Node-Id", identity.nodeId()),
        Duration.ofSeconds(30));
  }

  CertificateRenewal(Identity identity, Credentials credentials, IdentityStore store, Clock clock, Consumer<Credentials> renewed) {
    this(identity, credentials, store, clock, renewed, NODE);
  }

  CertificateRenewal(Identity identity, Credentials credentials, IdentityStore store, Clock clock, Consumer<Credentials> renewed,
      Fetch fetch) {
    this.fetch = fetch;
    this.identity = identity;
    this.credentials = credentials;
    this.store = store;
    this.clock = clock;
    this.renewed = renewed;
  }

  Credentials credentials() {
    return credentials;
  }

  /** A client of the registration API that presents the current certificate. */
  RegistrationHttpClient mtls() {
    Credentials current = credentials;
    return RegistrationHttpClient.to(identity.server(), identity.serverCa(), current.certificatePem(), current.certificateKeyPem());
  }

  /** Whether the certificate in use is two thirds into its life. */
  boolean due() throws java.security.cert.CertificateException {
    X509Certificate current = X509.parse(credentials.certificatePem());
    return !clock.instant().isBefore(Renewal.renewAt(current.getNotBefore().toInstant(), current.getNotAfter().toInstant()));
  }

  /** Renews once due; a failure waits for the next check, as the certificate is still valid for a third of its life. */
  void renewIfDue() {
    try {
      if (!due()) {
        return;
      }
      renewCertificate();
    } catch (Exception e) {
      log.warn("node={} certificate renewal failed problem=\"{}\"; retrying later", identity.nodeId(), e.getMessage());
    }
  }

  /** Fetches the node's current certificate; keeps it when it outlives the one in use. Returns whether it did. */
  synchronized boolean renewCertificate() throws Exception {
    RegistrationHttpClient.Reply reply = fetch.fetch(mtls(), identity, credentials);
    if (reply.status() != 200) {
      throw new IllegalStateException("certificate fetch answered HTTP " + reply.status());
    }
    CertificateResponse fetched = reply.as(CertificateResponse.class);
    X509Certificate newer = X509.parse(fetched.certificate());
    if (!newer.getNotAfter().after(X509.parse(credentials.certificatePem()).getNotAfter())) {
      return false;
    }
    Credentials current = credentials;
    // The key stays when the agent sent a CSR; the operator returns one only when it generated it.
    Credentials next = new Credentials(current.wireguardPrivateKey(), fetched.certificate(),
        fetched.privateKey() != null ? fetched.privateKey() : current.certificateKeyPem(),
        fetched.caChain() != null ? fetched.caChain() : current.caChainPem());
    store.save(identity, next);
    credentials = next;
    log.info("node={} certificate renewed notAfter={}", identity.nodeId(), newer.getNotAfter().toInstant());
    renewed.accept(next);
    return true;
  }
}
