package io.cvlan.registration.register;

import java.util.function.BiFunction;
import io.cvlan.pki.StoredCertificates;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.PeerPolicy;
import io.cvlan.peers.CvlanSettings;
import io.cvlan.peers.Peer;
import io.cvlan.peers.Topology;
import io.cvlan.registration.http.ApiException;
import io.cvlan.registration.cache.ResourceCache;
import io.cvlan.peers.PeerSnapshot;
import io.cvlan.registration.protocol.CvlanDto;
import io.cvlan.registration.protocol.DnsDto;
import io.cvlan.registration.protocol.PeerDto;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** What every registration answer is made of: the stored certificate, the CVLAN, and the member's peers. */
final class RegisterAnswers {
  static final Duration READY_WAIT = Duration.ofSeconds(10);
  static final Duration NOT_READY_RETRY = Duration.ofSeconds(2);
  private static final long POLL_MILLIS = 50;

  /** The PEMs of a certificate Secret (tls.crt, tls.key, ca.crt). */
  record Credentials(String certificate, String privateKey, String caChain) {
    @Override
    public String toString() {
      return "Credentials[certificate=" + (certificate != null) + "]";
    }
  }

  private final ResourceCache cache;
  private final BiFunction<String, String, PeerSnapshot> snapshots;

  /** {@code snapshots}: a CVLAN's published peers by (namespace, cvlan), kept by events, not decoded per request. */
  RegisterAnswers(ResourceCache cache, BiFunction<String, String, PeerSnapshot> snapshots) {
    this.cache = cache;
    this.snapshots = snapshots;
  }

  /** Waits (bounded) until {@code ready} yields a value; 503 {@code not_ready} when it never does. */
  static <T> T awaitReady(Supplier<Optional<T>> ready, String what) {
    long deadline = System.nanoTime() + READY_WAIT.toNanos();
    while (true) {
      Optional<T> value = ready.get();
      if (value.isPresent()) {
        return value.get();
      }
      if (System.nanoTime() > deadline) {
        throw notReady(what);
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw ApiException.unavailable("not_ready", what + " is not ready yet; retry", NOT_READY_RETRY);
      }
    }
  }

  /** The node's stored certificate (on the Node, or in its Secret), as the answer carries it. */
  Optional<Credentials> credentials(OverlayNode node) {
    return StoredCertificates.ofNode(cache.client(), node).map(RegisterAnswers::credentials);
  }

  /**
   * The node's certificate, waiting (at most {@link #READY_WAIT}, on a watch of its Secret) when it is not
   * stored yet — cert-manager signs on its own schedule; the built-in CA signs a server-generated key in the
   * reconciler. 503 {@code not_ready} when it does not come: the agent retries with a fresh nonce and gets the
   * same Node back.
   */
  Credentials awaitCredentials(OverlayNode node) {
    return credentials(node).or(() -> StoredCertificates.awaitInSecret(cache.client(), node.getMetadata().getNamespace(),
            io.cvlan.pki.CertificateProfiles.nodeSecret(node), READY_WAIT).map(RegisterAnswers::credentials))
        .orElseThrow(() -> notReady("node " + node.getMetadata().getName()));
  }

  private static ApiException notReady(String what) {
    return ApiException.unavailable("not_ready", what + " is registered but not ready yet (addresses or certificate pending); "
        + "retry with a fresh nonce to get it", NOT_READY_RETRY);
  }

  /** A certificate Secret's PEMs (a VRouter's). */
  Optional<Credentials> credentials(String namespace, String secretName) {
    return StoredCertificates.inSecret(cache.client(), namespace, secretName).map(RegisterAnswers::credentials);
  }

  private static Credentials credentials(StoredCertificates.Stored stored) {
    return new Credentials(stored.certificate(), stored.privateKey().orElse(null), stored.caChain().orElse(null));
  }

  PeerSnapshot snapshot(String namespace, String cvlan) {
    return snapshots.apply(namespace, cvlan);
  }

  /** The published members {@code self} peers with: the same pure topology the ConfigMap watchers apply. */
  static List<PeerDto> peersOf(Peer self, PeerSnapshot snapshot, CVLAN cvlan) {
    PeerPolicy policy = cvlan.getSpec().getPolicy();
    List<Peer> members = new ArrayList<>(snapshot.peers().values());
    return Topology.peersOf(self, members, policy).stream().map(PeerDto::of).toList();
  }

  static CvlanDto cvlanDto(CVLAN cvlan) {
    return new CvlanDto(cvlan.getMetadata().getName(), cvlan.getSpec().getCidr(), cvlan.getSpec().getIpv6Cidr());
  }

  static DnsDto dns(CvlanSettings settings) {
    return settings.dns() == null ? null : new DnsDto(settings.dns().nameservers(), settings.dns().search());
  }
}
