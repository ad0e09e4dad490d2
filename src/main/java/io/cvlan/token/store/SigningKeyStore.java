package io.cvlan.token.store;

import io.cvlan.api.v1alpha1.Labels;
import io.cvlan.kube.NamespaceTermination;
import io.cvlan.kube.NamespaceTerminatingException;
import io.cvlan.token.KeyRing;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenant's Ed25519 signing keys, one Secret per namespace. Every change is a read-modify-write guarded
 * by the Secret's resourceVersion, so two operator replicas never lose each other's keys.
 */
public final class SigningKeyStore {
  public static final String SECRET_NAME = SigningKeyReader.SECRET_NAME;
  public static final String SECRET_TYPE = "cvlan.io/signing-keys";
  /** The {@link Labels#COMPONENT} of the key Secret, which whoever watches it selects by. */
  public static final String COMPONENT = "signing-keys";
  private static final Logger log = LoggerFactory.getLogger(SigningKeyStore.class);
  private static final int ATTEMPTS = 8;

  private final KubernetesClient client;
  private final SigningKeyReader reader;
  private final Clock clock;
  private final SecureRandom random;
  private final Duration maxKeyAge;

  public SigningKeyStore(KubernetesClient client, Clock clock, SecureRandom random, Duration maxKeyAge) {
    this.client = client;
    this.reader = new SigningKeyReader(client);
    this.clock = clock;
    this.random = random;
    this.maxKeyAge = maxKeyAge;
  }

  /** The key ring of a namespace, for verification; empty when no token was ever signed there. */
  public Optional<KeyRing> ring(String namespace) {
    return reader.ring(namespace);
  }

  /**
   * The ring to sign with: created on first need, rotated once the active key is older than the maximum age.
   *
   * @throws NamespaceTerminatingException when the ring is missing and the namespace is being deleted: the
   *     namespace controller deleted the keys with everything else, and they are not to be made again
   */
  public KeyRing signingRing(String namespace) {
    KeyRing ring = ring(namespace).orElseGet(() -> create(namespace));
    if (ring.active().createdAt().plus(maxKeyAge).isAfter(clock.instant())) {
      return ring;
    }
    return update(namespace, current -> current.active().createdAt().plus(maxKeyAge).isAfter(clock.instant())
        ? current
        : rotated(namespace, current));
  }

  /** Adds a key that signs from now on; older public keys keep verifying the tokens they signed. */
  public KeyRing rotate(String namespace) {
    ring(namespace).orElseGet(() -> create(namespace));
    return update(namespace, current -> rotated(namespace, current));
  }

  /** Remembers how long a key's tokens live, and drops retired keys whose every token has expired. */
  public KeyRing recordSigned(String namespace, String kid, Instant expiresAt) {
    return update(namespace, current -> current.recordSigned(kid, expiresAt).prune(clock.instant()));
  }

  private KeyRing rotated(String namespace, KeyRing current) {
    KeyRing next = current.rotate(clock, random);
    log.info("namespace={} signing key rotated kid={} previous={}", namespace, next.active().kid(), current.active().kid());
    return next;
  }

  private KeyRing create(String namespace) {
    KeyRing ring = KeyRing.initial(clock, random);
    Secret secret = new SecretBuilder()
        .withNewMetadata()
          .withName(SECRET_NAME)
          .withNamespace(namespace)
          .addToLabels(Labels.MANAGED_BY, Labels.OPERATOR)
          .addToLabels(Labels.COMPONENT, COMPONENT)
        .endMetadata()
        .withType(SECRET_TYPE)
        .withData(SigningKeyReader.encode(ring))
        .build();
    try {
      client.secrets().inNamespace(namespace).resource(secret).create();
      log.info("namespace={} signing keys created kid={}", namespace, ring.active().kid());
      return ring;
    } catch (KubernetesClientException e) {
      if (NamespaceTermination.refused(e)) {
        log.info("namespace={} signing keys not created: the namespace is being terminated", namespace);
        throw new NamespaceTerminatingException(namespace, e);
      }
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      // Another replica created it first: use theirs.
      return ring(namespace).orElseThrow(() -> e);
    }
  }

  private KeyRing update(String namespace, UnaryOperator<KeyRing> change) {
    for (int attempt = 1; ; attempt++) {
      Secret secret = reader.secret(namespace);
      if (secret == null) {
        throw new SigningKeysVanishedException(namespace);
      }
      KeyRing current = SigningKeyReader.decode(secret);
      KeyRing next = change.apply(current);
      if (next.equals(current)) {
        return current;
      }
      secret.setData(SigningKeyReader.encode(next));
      try {
        client.secrets().inNamespace(namespace).resource(secret).update();
        return next;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == ATTEMPTS) {
          throw e;
        }
      }
    }
  }
}
