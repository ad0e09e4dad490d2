package io.cvlan.operator.vrouter;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.Labels;
import io.cvlan.api.v1alpha1.VRouter;
import io.cvlan.operator.token.RegistrationApiRef;
import io.cvlan.operator.token.SignedToken;
import io.cvlan.operator.token.TokenIssuer;
import io.cvlan.operator.token.TokenSecretDependent;
import io.cvlan.token.TokenClaims;
import io.cvlan.token.TokenKind;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A VRouter's join token Secret, {@code <vrouter>-join}: signed by the tenant's keys like a registration
 * token but of kind VRouter, its token_id the VRouter's uid, its cvlan_id the uid of the first CVLAN it
 * serves. A vrouter re-registers every 8 hours with it, so it lives 30 days and is re-signed once fewer
 * than 10 remain.
 */
public final class JoinTokenSecret extends TokenSecretDependent<VRouter> {
  static final Duration LIFETIME = Duration.ofDays(30);
  static final Duration RENEW_BEFORE = Duration.ofDays(10);

  private final TokenIssuer issuer;
  private final Clock clock;

  public JoinTokenSecret(TokenIssuer issuer, RegistrationApiRef registrationApi, Clock clock) {
    super(registrationApi, Labels.VROUTER);
    this.issuer = issuer;
    this.clock = clock;
  }

  public static String nameFor(VRouter vrouter) {
    return vrouter.getMetadata().getName() + "-join";
  }

  /** When the token is due to be re-signed: the VRouter's reconcile comes back then. */
  public static Instant renewAt(SignedToken token) {
    return token.expiresAt().minus(RENEW_BEFORE);
  }

  @Override
  protected String secretName(VRouter vrouter) {
    return nameFor(vrouter);
  }

  @Override
  protected SignedToken token(VRouter vrouter, Optional<String> issued, Context<VRouter> context) {
    // The reconciler only gets here once every CVLAN of spec.cvlans is usable.
    String firstName = vrouter.getSpec().getCvlans().get(0);
    CVLAN first = context.getSecondaryResources(CVLAN.class).stream()
        .filter(c -> firstName.equals(c.getMetadata().getName())).findFirst().orElseThrow();
    String tenant = vrouter.getMetadata().getNamespace();
    Instant now = clock.instant();
    return issuer.tokenFor(tenant, issued,
        c -> c.kind() == TokenKind.VROUTER
            && c.tokenId().equals(vrouter.getMetadata().getUid())
            && c.cvlanId().equals(first.getMetadata().getUid())
            && c.expiresAt().minus(RENEW_BEFORE).isAfter(now),
        () -> new TokenClaims(tenant, first.getMetadata().getUid(), vrouter.getMetadata().getUid(), TokenKind.VROUTER, now,
            now.plus(LIFETIME)));
  }
}
