package io.cvlan.registration.poll;

import io.cvlan.pki.BuiltInCa;
import io.cvlan.pki.CertificateProfiles;
import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.api.v1alpha1.VRouter;
import io.cvlan.peers.PeerMembership;
import io.cvlan.registration.http.ApiException;
import io.cvlan.registration.cache.ResourceCache;
import io.cvlan.registration.http.RequestContext;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates a poll by its TLS client certificate (DESIGN §4). The TLS layer accepted any certificate;
 * here the leaf must name the {@code X-Node-Id} in its URI SAN, be signed by the CA of the CVLAN of the
 * resource of that name, and be valid by the injected clock.
 *
 * <p>Names are unique per namespace only, and neither the certificate nor the header carries a namespace:
 * every Node of that name is a candidate, and the one whose CVLAN's CA signed the certificate is the caller.
 * CAs are per CVLAN, so a certificate can match at most one of them.
 */
public final class ClientCertificates {
  private static final Logger log = LoggerFactory.getLogger(ClientCertificates.class);
  private final ResourceCache cache;
  private final CaCertificates cas;
  private final Clock clock;

  ClientCertificates(ResourceCache cache, CaCertificates cas, Clock clock) {
    this.cache = cache;
    this.cas = cas;
    this.clock = clock;
  }

  public Caller.Node node(RequestContext context) {
    String id = header(context);
    X509Certificate leaf = leaf(context, CertificateProfiles.nodeUri(id));
    List<OverlayNode> candidates = cache.nodesNamed(id);
    for (OverlayNode node : candidates) {
      Optional<CVLAN> cvlan = cache.cvlan(node.getMetadata().getNamespace(), node.getSpec().getCvlan());
      if (cvlan.isPresent() && signedBy(leaf, caOf(cvlan.get(), node.getMetadata().getNamespace(), CertificateProfiles.tlsSecret(id)))) {
        checkValidity(leaf);
        return new Caller.Node(node, cvlan.get());
      }
    }
    throw refusal(candidates.isEmpty(), "node", id);
  }

  public Caller.Router vrouter(RequestContext context) {
    String header = header(context);
    if (!header.startsWith(PeerMembership.VROUTER_PREFIX)) {
      throw ApiException.unauthorized("node_id_mismatch", "a vrouter polls with X-Node-Id vrouter-<name>");
    }
    String name = header.substring(PeerMembership.VROUTER_PREFIX.length());
    X509Certificate leaf = leaf(context, CertificateProfiles.vrouterUri(name));
    List<VRouter> candidates = cache.vroutersNamed(name);
    for (VRouter vrouter : candidates) {
      String namespace = vrouter.getMetadata().getNamespace();
      Optional<CVLAN> cvlan = vrouter.getSpec().getCvlans().stream().findFirst().flatMap(c -> cache.cvlan(namespace, c));
      if (cvlan.isPresent() && signedBy(leaf, caOf(cvlan.get(), namespace, CertificateProfiles.tlsSecret(name)))) {
        checkValidity(leaf);
        return new Caller.Router(vrouter, cvlan.get());
      }
    }
    throw refusal(candidates.isEmpty(), "vrouter", name);
  }

  private static String header(RequestContext context) {
    return context.nodeIdHeader().map(String::trim).filter(h -> !h.isEmpty())
        .orElseThrow(() -> ApiException.unauthorized("missing_node_id", "send the node id in the X-Node-Id header"));
  }

  private static X509Certificate leaf(RequestContext context, String expectedUri) {
    if (context.clientChain().isEmpty()) {
      throw ApiException.unauthorized("client_certificate_required",
          "present the client certificate registration returned (mTLS)");
    }
    X509Certificate leaf = context.clientChain().get(0);
    if (!uriSans(leaf).contains(expectedUri)) {
      throw ApiException.unauthorized("node_id_mismatch", "the client certificate does not belong to the id in X-Node-Id");
    }
    return leaf;
  }

  /**
   * The CA that issues the CVLAN's certificates: the built-in CA's {@code <cvlan>-ca}, or with cert-manager the
   * {@code ca.crt} cert-manager wrote next to the caller's own certificate.
   */
  private List<X509Certificate> caOf(CVLAN cvlan, String namespace, String tlsSecret) {
    boolean certManager = cvlan.getSpec().getCertificates() != null && cvlan.getSpec().getCertificates().getIssuerRef() != null;
    return cas.of(namespace, certManager ? tlsSecret : BuiltInCa.caSecretName(cvlan.getMetadata().getName()));
  }

  private static boolean signedBy(X509Certificate leaf, List<X509Certificate> cas) {
    for (X509Certificate ca : cas) {
      try {
        leaf.verify(ca.getPublicKey());
        return true;
      } catch (Exception notThisOne) {
        // Try the next certificate of the bundle.
      }
    }
    return false;
  }

  private void checkValidity(X509Certificate leaf) {
    try {
      leaf.checkValidity(Date.from(clock.instant()));
    } catch (CertificateExpiredException e) {
      log.info("serial={} poll refused reason=certificate_expired", leaf.getSerialNumber().toString(16));
      throw ApiException.unauthorized("certificate_expired", "the client certificate has expired; register again");
    } catch (CertificateNotYetValidException e) {
      throw ApiException.unauthorized("bad_certificate", "the client certificate is not valid yet; check the clock");
    }
  }

  /** Unknown id, or no CVLAN of that name's holders issued the certificate (another CVLAN's, or forged). */
  private static ApiException refusal(boolean unknown, String kind, String id) {
    String code = unknown ? "unknown_node" : "bad_certificate";
    log.info("{}={} poll refused reason={}", kind, id, code);
    return unknown
        ? ApiException.unauthorized(code, kind + " " + id + " is not registered; register again")
        : ApiException.unauthorized(code, "the client certificate was not issued by this CVLAN's CA");
  }

  private static List<String> uriSans(X509Certificate certificate) {
    try {
      var sans = certificate.getSubjectAlternativeNames();
      return sans == null ? List.of() : sans.stream().filter(san -> Integer.valueOf(6).equals(san.get(0)))
          .map(san -> (String) san.get(1)).toList();
    } catch (Exception e) {
      return List.of();
    }
  }

}
