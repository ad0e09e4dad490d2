package io.cvlan.operator.token;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.Labels;
import io.cvlan.api.v1alpha1.RegistrationToken;
import io.cvlan.model.TokenLifetime;
import io.cvlan.token.TokenClaims;
import io.cvlan.token.TokenKind;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The token Secret of a RegistrationToken: a client token for its CVLAN, re-signed only when its claims change. */
public final class RegistrationTokenSecret extends TokenSecretDependent<RegistrationToken> {
  /** Where the reconciler leaves the expiry it decided, for {@link #token} to sign into the claims. */
  private static final String EXPIRY = RegistrationTokenSecret.class.getName() + ".expiresAt";

  private final TokenIssuer issuer;

  public RegistrationTokenSecret(TokenIssuer issuer, RegistrationApiRef registrationApi) {
    super(registrationApi, Labels.REGISTRATION_TOKEN);
    this.issuer = issuer;
  }

  public static String nameFor(RegistrationToken token) {
    return Optional.ofNullable(token.getSpec().getSecretName()).orElse(token.getMetadata().getName() + "-token");
  }

  /** Writes the Secret with a token expiring at {@code expiresAt}, as the reconciler decided ({@link ExpiryChange}). */
  public SignedToken reconcileToken(RegistrationToken token, Instant expiresAt, Context<RegistrationToken> context) {
    context.managedWorkflowAndDependentResourceContext().put(EXPIRY, expiresAt);
    return reconcileToken(token, context);
  }

  /** The token issued for this resource, as the tenant's keys see it now; empty before the first. */
  public Optional<IssuedToken> issued(RegistrationToken token, Context<RegistrationToken> context) {
    String uid = token.getMetadata().getUid();
    return issuedToken(token, context).flatMap(text -> issuer.inspect(token.getMetadata().getNamespace(), text))
        .filter(t -> uid.equals(t.claims().tokenId()) && t.claims().kind() == TokenKind.CLIENT);
  }

  /**
   * The expiry already issued, from the two records of it: the token's own claim (what the registration API
   * holds every copy to) and status.expiresAt (which outlives a deleted or tampered Secret and a lost key).
   * The earlier of the two counts: either can only have been written by an issue, so neither may be
   * overruled by a later one. Claims read from a token whose key is gone are unchecked, and can therefore
   * only ever shorten, never lengthen, what the status says.
   */
  public static Optional<Instant> issuedExpiry(RegistrationToken token, Optional<IssuedToken> inSecret) {
    return Stream.concat(TokenLifetime.issued(token).stream(), inSecret.map(t -> t.claims().expiresAt()).stream())
        .min(Instant::compareTo);
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
    // The reconciler only gets here with a decided expiry and a Ready CVLAN.
    Instant expiresAt = context.managedWorkflowAndDependentResourceContext().getMandatory(EXPIRY, Instant.class);
    CVLAN cvlan = context.getSecondaryResource(CVLAN.class).orElseThrow();
    TokenClaims wanted = TokenIssuer.claimsFor(token, cvlan, expiresAt);
    return issuer.tokenFor(token.getMetadata().getNamespace(), issued, wanted::equals, () -> wanted);
  }
}
