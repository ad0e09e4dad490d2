package io.cvlan.operator.vrouter;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.VRouter;
import io.cvlan.operator.token.TokenIssuer;
import io.cvlan.token.TokenClaims;
import io.cvlan.token.TokenKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A VRouter's join token: signed by the tenant's keys like a registration token but of kind VRouter, its
 * token_id the VRouter's uid. A vrouter re-registers every 8 hours with it, so it lives 30 days and is
 * re-signed once fewer than 10 remain; a fresh token simply replaces the Secret's content.
 */
public final class JoinTokens {
  static final Duration LIFETIME = Duration.ofDays(30);
  static final Duration RENEW_BEFORE = Duration.ofDays(10);

  private final TokenIssuer issuer;
  private final Clock clock;

  public JoinTokens(TokenIssuer issuer, Clock clock) {
    this.issuer = issuer;
    this.clock = clock;
  }

  public record Decision(String token, Instant expiresAt, boolean fresh) {
    @Override
    public String toString() {
      return "Decision[expiresAt=" + expiresAt + ", fresh=" + fresh + "]";
    }

    public Instant renewAt() {
      return expiresAt.minus(RENEW_BEFORE);
    }
  }

  public Decision tokenFor(VRouter vrouter, CVLAN firstCvlan, Optional<String> existing) {
    String tenant = vrouter.getMetadata().getNamespace();
    Instant now = clock.instant();
    Optional<Decision> kept = existing.flatMap(text -> issuer.verified(tenant, text)
        .filter(c -> c.kind() == TokenKind.VROUTER
            && c.tokenId().equals(vrouter.getMetadata().getUid())
            && c.cvlanId().equals(firstCvlan.getMetadata().getUid())
            && c.expiresAt().minus(RENEW_BEFORE).isAfter(now))
        .map(c -> new Decision(text, c.expiresAt(), false)));
    if (kept.isPresent()) {
      return kept.get();
    }
    TokenClaims claims = new TokenClaims(tenant, firstCvlan.getMetadata().getUid(), vrouter.getMetadata().getUid(),
        TokenKind.VROUTER, now, now.plus(LIFETIME));
    return new Decision(issuer.sign(claims), claims.expiresAt(), true);
  }
}
