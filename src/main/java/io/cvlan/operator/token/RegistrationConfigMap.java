package io.cvlan.operator.token;

import io.cvlan.api.v1alpha1.Labels;
import io.cvlan.api.v1alpha1.RegistrationToken;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * For a token that admits ServiceAccounts: ConfigMap {@code <token>-registration} with the registration API's
 * {@code server} and {@code ca.crt} — nothing secret — which a pod projects beside its ServiceAccount token,
 * the way an agent finds them beside a token in the token Secret. Owned by the token; gone when the token no
 * longer names ServiceAccounts.
 */
public final class RegistrationConfigMap {
  /** Which RegistrationToken a pod joining with its ServiceAccount token names ({@code registration_token}). */
  public static final String TOKEN_NAME = "registration-token";

  private final RegistrationApiRef registrationApi;

  public RegistrationConfigMap(RegistrationApiRef registrationApi) {
    this.registrationApi = registrationApi;
  }

  public static String nameFor(RegistrationToken token) {
    return token.getMetadata().getName() + "-registration";
  }

  /**
   * Writes the ConfigMap when it differs from what the token needs, deletes it when the token needs none.
   * {@code specObserved}: the spec is the one a reconcile already completed; a token naming no ServiceAccount
   * then has none to delete, and most tokens, reconciled at every use count flush, cost no read.
   */
  public void reconcile(RegistrationToken token, KubernetesClient client, boolean specObserved) {
    List<String> accounts = Optional.ofNullable(token.getSpec().getServiceAccounts()).orElse(List.of());
    if (accounts.isEmpty() && specObserved) {
      return;
    }
    var resource = client.configMaps().inNamespace(token.getMetadata().getNamespace()).withName(nameFor(token));
    ConfigMap actual = resource.get();
    if (accounts.isEmpty()) {
      if (actual != null && ownedBy(actual, token)) {
        resource.delete();
      }
      return;
    }
    ConfigMap desired = desired(token);
    if (actual == null) {
      client.resource(desired).create();
    } else if (!desired.getData().equals(actual.getData()) || !ownedBy(actual, token)) {
      client.resource(desired).update();
    }
  }

  /** Rather than wait for the garbage collector. */
  public void delete(RegistrationToken token, KubernetesClient client) {
    client.configMaps().inNamespace(token.getMetadata().getNamespace()).withName(nameFor(token)).delete();
  }

  ConfigMap desired(RegistrationToken token) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(TokenSecrets.SERVER, registrationApi.url());
    data.put(TokenSecrets.CA, registrationApi.caPem());
    data.put(TOKEN_NAME, token.getMetadata().getName());
    return new ConfigMapBuilder().withNewMetadata().withName(nameFor(token)).withNamespace(token.getMetadata().getNamespace())
        .withLabels(Map.of(Labels.MANAGED_BY, Labels.OPERATOR, Labels.REGISTRATION_TOKEN, token.getMetadata().getName()))
        .withOwnerReferences(TokenSecretDependent.controllerReference(token)).endMetadata().withData(data).build();
  }

  private static boolean ownedBy(ConfigMap configMap, RegistrationToken token) {
    return configMap.getMetadata().getOwnerReferences().stream().anyMatch(o -> token.getMetadata().getUid().equals(o.getUid()));
  }
}
