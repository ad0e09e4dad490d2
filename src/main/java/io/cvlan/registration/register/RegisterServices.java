package io.cvlan.registration.register;

import io.cvlan.peers.PeerSnapshot;
import java.util.function.BiFunction;
import io.cvlan.model.Provisioning;
import io.cvlan.token.store.SigningKeyReader;
import io.cvlan.registration.cache.ResourceCache;
import io.cvlan.token.TokenVerifier;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;

/**
 * The two registration endpoints and what they share: one {@link TokenVerifier} (its cache of verified
 * signatures serves every presentation of a reusable token), the nonce ledger, and the use counter whose
 * deferred increments (unlimited tokens only: a bounded token counts every use at once, race-free) are
 * flushed every five seconds on a worker — each flush is a token write and a status mirror by its
 * reconciler, so a busy fleet token costs two writes per flush, not two per registration.
 */
public final class RegisterServices {
  static final long FLUSH_MILLIS = 5000;

  private final ClientRegistration client;
  private final VRouterRegistration vrouter;

  private RegisterServices(ClientRegistration client, VRouterRegistration vrouter) {
    this.client = client;
    this.vrouter = vrouter;
  }

  /** Builds the endpoints; the flush timer lives as long as {@code vertx}. */
  public static RegisterServices create(KubernetesClient kubernetes, ResourceCache cache, Provisioning provisioning,
      BiFunction<String, String, PeerSnapshot> snapshots, Clock clock, MeterRegistry metrics, Vertx vertx) {
    SigningKeyReader keys = new SigningKeyReader(kubernetes);
    TokenAdmission admission = new TokenAdmission(new TokenVerifier(new TenantKeys(keys, cache), clock), cache, clock);
    TokenUses uses = new TokenUses(kubernetes, clock);
    vertx.setPeriodic(FLUSH_MILLIS, id -> vertx.executeBlocking(() -> {
      uses.flush();
      return null;
    }, false));
    NonceLedger nonces = new NonceLedger(cache);
    RegisterAnswers answers = new RegisterAnswers(cache, snapshots);
    return new RegisterServices(new ClientRegistration(cache, admission, uses, nonces,
        new NodeProvisioner(kubernetes, provisioning), answers, new PodVerifier(kubernetes), new IdentityReview(kubernetes, clock),
        metrics, clock),
        new VRouterRegistration(cache, admission, nonces, answers, provisioning.issuers(), clock));
  }

  public ClientRegistration client() {
    return client;
  }

  public VRouterRegistration vrouter() {
    return vrouter;
  }
}
