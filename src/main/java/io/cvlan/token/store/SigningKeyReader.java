package io.cvlan.token.store;

import io.cvlan.token.KeyRing;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a tenant's key ring from its Secret, for verification. Verifying needs no signing policy (key age,
 * rotation), so the registration API holds this and only the operator holds a {@link SigningKeyStore}.
 */
public final class SigningKeyReader {
  public static final String SECRET_NAME = "cvlan-signing-keys";
  static final String DATA_KEY = "keys.json";

  private final KubernetesClient client;

  public SigningKeyReader(KubernetesClient client) {
    this.client = client;
  }

  /** The key ring of a namespace; empty when no token was ever signed there. */
  public Optional<KeyRing> ring(String namespace) {
    return Optional.ofNullable(secret(namespace)).map(SigningKeyReader::decode);
  }

  /** The kids a key Secret holds; none when it holds no readable ring. Names keys, never their material. */
  public static Set<String> kids(Secret secret) {
    try {
      return decode(secret).keys().stream().map(io.cvlan.token.SigningKey::kid).collect(Collectors.toSet());
    } catch (RuntimeException unreadable) {
      return Set.of();
    }
  }

  Secret secret(String namespace) {
    return client.secrets().inNamespace(namespace).withName(SECRET_NAME).get();
  }

  static Map<String, String> encode(KeyRing ring) {
    return Map.of(DATA_KEY, Base64.getEncoder().encodeToString(ring.toJson()));
  }

  static KeyRing decode(Secret secret) {
    String data = secret.getData() == null ? null : secret.getData().get(DATA_KEY);
    if (data == null) {
      throw new IllegalStateException("signing key Secret " + secret.getMetadata().getNamespace() + "/" + SECRET_NAME
          + " has no " + DATA_KEY + "; delete it to start a new key ring (outstanding tokens stop verifying)");
    }
    return KeyRing.fromJson(Base64.getDecoder().decode(data));
  }
}
