package io.cvlan.operator.token;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one shape of a Secret an agent or vrouter mounts to join: `token`, `server` and `ca.crt`. Registration
 * tokens and vrouter join tokens share it so one agent code path reads both.
 */
public final class TokenSecrets {
  public static final String SECRET_TYPE = "cvlan.io/registration-token";
  public static final String TOKEN = "token";
  public static final String SERVER = "server";
  public static final String CA = "ca.crt";

  private TokenSecrets() {}

  public static Secret build(String namespace, String name, Map<String, String> labels, String token,
      RegistrationApiRef registrationApi) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(TOKEN, b64(token));
    data.put(SERVER, b64(registrationApi.url()));
    data.put(CA, b64(registrationApi.caPem()));
    return new SecretBuilder()
        .withNewMetadata()
          .withName(name)
          .withNamespace(namespace)
          .withLabels(labels)
        .endMetadata()
        .withType(SECRET_TYPE)
        .withData(data)
        .build();
  }

  public static Optional<String> tokenOf(Secret secret) {
    return Optional.ofNullable(secret.getData()).map(d -> d.get(TOKEN))
        .map(b64 -> new String(Base64.getDecoder().decode(b64), StandardCharsets.US_ASCII));
  }

  private static String b64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
