package io.cvlan.operator.token;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.RegistrationToken;
import io.cvlan.operator.Labels;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The token Secret an agent mounts: `token`, `server` and `ca.crt`, owned by its RegistrationToken. */
public class TokenSecretDependent extends CRUDKubernetesDependentResource<Secret, RegistrationToken> {
  public static final String SECRET_TYPE = "cvlan.io/registration-token";
  public static final String TOKEN = "token";
  public static final String SERVER = "server";
  public static final String CA = "ca.crt";

  private final TokenIssuer issuer;
  private final RegistrationEndpoint endpoint;

  public TokenSecretDependent(TokenIssuer issuer, RegistrationEndpoint endpoint) {
    super(Secret.class);
    this.issuer = issuer;
    this.endpoint = endpoint;
  }

  public static String secretName(RegistrationToken token) {
    return Optional.ofNullable(token.getSpec().getSecretName()).orElse(token.getMetadata().getName() + "-token");
  }

  public static Optional<String> tokenOf(Secret secret) {
    return Optional.ofNullable(secret.getData()).map(d -> d.get(TOKEN))
        .map(b64 -> new String(Base64.getDecoder().decode(b64), StandardCharsets.US_ASCII));
  }

  @Override
  protected Secret desired(RegistrationToken token, Context<RegistrationToken> context) {
    Optional<String> issued = context.getSecondaryResource(Secret.class).flatMap(TokenSecretDependent::tokenOf);
    // The reconciler only gets here with a valid lifetime and a Ready CVLAN.
    Instant expiresAt = ((TokenLifetime.Result.Valid) TokenLifetime.expiresAt(token)).expiresAt();
    CVLAN cvlan = context.getSecondaryResource(CVLAN.class).orElseThrow();
    String text = issuer.tokenFor(TokenIssuer.claimsFor(token, cvlan, expiresAt), issued);
    Map<String, String> data = new LinkedHashMap<>();
    data.put(TOKEN, b64(text));
    data.put(SERVER, b64(endpoint.url()));
    data.put(CA, b64(endpoint.caPem()));
    return new SecretBuilder()
        .withNewMetadata()
          .withName(secretName(token))
          .withNamespace(token.getMetadata().getNamespace())
          .addToLabels(Labels.MANAGED_BY, Labels.OPERATOR)
          .addToLabels(Labels.CVLAN, token.getSpec().getCvlan())
          .addToLabels(Labels.REGISTRATION_TOKEN, token.getMetadata().getName())
        .endMetadata()
        .withType(SECRET_TYPE)
        .withData(data)
        .build();
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

  private static String b64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
