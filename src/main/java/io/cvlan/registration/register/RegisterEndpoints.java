package io.cvlan.registration.register;

import io.cvlan.operator.token.SigningKeyStore;
import io.cvlan.registration.Directory;
import io.cvlan.token.TokenVerifier;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/**
 * The two registration endpoints and what they share: one {@link TokenVerifier} (its cache of verified
 * signatures serves every presentation of a reusable token), the nonce ledger, and the use counter whose
 * deferred increments are flushed every second on a worker.
 */
public final class RegisterEndpoints {
  static final long FLUSH_MILLIS = 1000;

  private final ClientRegistration client;
  private final VRouterRegistration vrouter;

  private RegisterEndpoints(ClientRegistration client, VRouterRegistration vrouter) {
    this.client = client;
    this.vrouter = vrouter;
  }

  /** Builds the endpoints; the flush timer lives as long as {@code vertx}. */
  public static RegisterEndpoints create(KubernetesClient kubernetes, Directory directory, Clock clock, MeterRegistry metrics,
      Vertx vertx) {
    // The store is only read here (ring()); the key age is the signing side's concern.
    SigningKeyStore store = new SigningKeyStore(kubernetes, clock, new SecureRandom(), Duration.ofDays(90));
    TokenAdmission admission = new TokenAdmission(new TokenVerifier(new TenantKeys(store, directory), clock), directory, clock);
    TokenUses uses = new TokenUses(kubernetes, clock);
    vertx.setPeriodic(FLUSH_MILLIS, id -> vertx.executeBlocking(() -> {
      uses.flush();
      return null;
    }, false));
    NonceLedger nonces = new NonceLedger(directory);
    return new RegisterEndpoints(new ClientRegistration(directory, admission, uses, nonces, metrics, clock),
        new VRouterRegistration(directory, admission, nonces, clock));
  }

  public ClientRegistration client() {
    return client;
  }

  public VRouterRegistration vrouter() {
    return vrouter;
  }
}
