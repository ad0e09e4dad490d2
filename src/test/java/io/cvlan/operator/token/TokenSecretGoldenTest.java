package io.cvlan.operator.token;

import static io.cvlan.testing.Statuses.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.RegistrationToken;
import io.cvlan.testing.Golden;
import io.cvlan.testing.OperatorFixture;
import io.cvlan.token.TokenClaims;
import io.cvlan.token.TokenKind;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The token Secret of a RegistrationToken, as the operator writes it, against src/test/resources/token/fleet-token.yaml. */
class TokenSecretGoldenTest {
  @RegisterExtension
  static final OperatorFixture k8s = new OperatorFixture();

  /** The Secret as a reviewer reads it: data decoded; what differs per run replaced by the golden's placeholders. */
  static Secret normalised(Secret secret) {
    Secret copy = Serialization.clone(secret);
    ObjectMeta metadata = copy.getMetadata();
    metadata.setNamespace("<namespace>");
    metadata.setUid(null);
    metadata.setResourceVersion(null);
    metadata.setCreationTimestamp(null);
    metadata.setGeneration(null);
    metadata.setManagedFields(null);
    metadata.getAnnotations().replace("javaoperatorsdk.io/previous", "<id of the last write by the operator>");
    for (OwnerReference owner : metadata.getOwnerReferences()) {
      owner.setUid("<uid of " + owner.getKind() + " " + owner.getName() + ">");
    }
    Map<String, String> decoded = new TreeMap<>();
    copy.getData().forEach((key, value) -> decoded.put(key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
    decoded.replace(TokenSecrets.TOKEN, "<signed token>");
    copy.setData(null);
    copy.setStringData(decoded);
    // Read back as the golden is read, so that absent and empty fields compare alike.
    return Serialization.unmarshal(Serialization.asYaml(copy), Secret.class);
  }

  static String header(String token) {
    return new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))), StandardCharsets.UTF_8);
  }

  @Test
  void aRegistrationTokenYieldsTheGoldenSecret() throws Exception {
    CVLAN blue = k8s.createCvlan("blue", "10.100.0.0/16");
    k8s.createToken("fleet", spec -> {
      spec.setCvlan("blue");
      spec.setTtl("720h");
    });
    RegistrationToken fleet = k8s.awaitUntil(RegistrationToken.class, "fleet", t -> hasCondition(t, "Ready", "True"));
    Secret secret = k8s.awaitUntil(Secret.class, "fleet-token", s -> TokenSecrets.tokenOf(s).isPresent());
    String token = TokenSecrets.tokenOf(secret).orElseThrow();
    Instant created = Instant.parse(fleet.getMetadata().getCreationTimestamp());

    assertThat(header(token)).isEqualTo("{\"alg\":\"EdDSA\",\"kid\":\"" + fleet.getStatus().getSigningKeyId() + "\"}");
    assertThat(k8s.verifyToken(token)).isEqualTo(new TokenClaims(k8s.namespace(), blue.getMetadata().getUid(),
        fleet.getMetadata().getUid(), TokenKind.CLIENT, created, created.plus(Duration.ofHours(720))));
    assertThat(secret.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(fleet.getMetadata().getUid()));
    Secret normalised = normalised(secret);
    assertThat(normalised).as("the token Secret, normalised:%n%s", Serialization.asYaml(normalised))
        .isEqualTo(Serialization.unmarshal(Golden.text("token/fleet-token.yaml"), Secret.class));
  }
}
