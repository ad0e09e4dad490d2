package io.cvlan.operator.token;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.Labels;
import io.cvlan.api.v1alpha1.RegistrationToken;
import io.cvlan.model.TokenLifetime;
import io.cvlan.token.TokenClaims;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** The token Secret of a RegistrationToken: a client token for its CVLAN, re-signed only when its claims change. */
public final class RegistrationTokenSecret extends TokenSecretDependent<RegistrationToken> {
  private final TokenIssuer issuer;

  public RegistrationTokenSecret(TokenIssuer issuer, RegistrationApiRef registrationApi) {
    super(registrationApi, Labels.REGISTRATION_TOKEN);
    this.issuer = issuer;
  }

  public static String nameFor(RegistrationToken token) {
    return Optional.ofNullable(token.getSpec().getSecretName()).orElse(token.getMetadata().getName() + "-token");
  }

  @Override
  protected String secretName(RegistrationToken token) {
    return nameFor(token);
  }

  @Override
  protected Map<String, String> extraLabels(RegistrationToken token) {
    return Map.of(Labels.CVLAN, token.getSpec().getCvlan());
  }

  @Override
  protected SignedToken token(RegistrationToken token, Optional<String> issued, Context<RegistrationToken> context) {
    // The reconciler only gets here with a valid lifetime and a Ready CVLAN.
    Instant expiresAt = ((TokenLifetime.Result.Valid) TokenLifetime.expiresAt(token)).expiresAt();
    CVLAN cvlan = context.getSecondaryResource(CVLAN.class).orElseThrow();
    TokenClaims wanted = TokenIssuer.claimsFor(token, cvlan, expiresAt);
    return issuer.tokenFor(token.getMetadata().getNamespace(), issued, wanted::equals, () -> wanted);
  }
}
