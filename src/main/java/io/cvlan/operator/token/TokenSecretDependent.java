package io.cvlan.operator.token;

import io.cvlan.model.TokenLifetime;
import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.RegistrationToken;
import io.cvlan.api.v1alpha1.Labels;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** The token Secret an agent mounts: `token`, `server` and `ca.crt`, owned by its RegistrationToken. */
public class TokenSecretDependent extends CRUDKubernetesDependentResource<Secret, RegistrationToken> {
  private final TokenIssuer issuer;
  private final RegistrationApiRef registrationApi;

  public TokenSecretDependent(TokenIssuer issuer, RegistrationApiRef registrationApi) {
    super(Secret.class);
    this.issuer = issuer;
    this.registrationApi = registrationApi;
  }

  public static String secretName(RegistrationToken token) {
    return Optional.ofNullable(token.getSpec().getSecretName()).orElse(token.getMetadata().getName() + "-token");
  }

  @Override
  protected Secret desired(RegistrationToken token, Context<RegistrationToken> context) {
    Optional<String> issued = context.getSecondaryResource(Secret.class).flatMap(TokenSecrets::tokenOf);
    // The reconciler only gets here with a valid lifetime and a Ready CVLAN.
    Instant expiresAt = ((TokenLifetime.Result.Valid) TokenLifetime.expiresAt(token)).expiresAt();
    CVLAN cvlan = context.getSecondaryResource(CVLAN.class).orElseThrow();
    String text = issuer.tokenFor(TokenIssuer.claimsFor(token, cvlan, expiresAt), issued);
    return TokenSecrets.build(token.getMetadata().getNamespace(), secretName(token), Map.of(
        Labels.MANAGED_BY, Labels.OPERATOR,
        Labels.CVLAN, token.getSpec().getCvlan(),
        Labels.REGISTRATION_TOKEN, token.getMetadata().getName()), text, registrationApi);
  }

  @Override
  protected ResourceID targetSecondaryResourceID(RegistrationToken token, Context<RegistrationToken> context) {
    return new ResourceID(secretName(token), token.getMetadata().getNamespace());
  }

  /** Watch only token Secrets: the operator has no business caching every Secret of the cluster. */
  @Override
  protected InformerEventSourceConfiguration.Builder<Secret> informerConfigurationBuilder(
      EventSourceContext<RegistrationToken> context) {
    return super.informerConfigurationBuilder(context)
        .withLabelSelector(Labels.MANAGED_BY + "=" + Labels.OPERATOR + "," + Labels.REGISTRATION_TOKEN);
  }
}
