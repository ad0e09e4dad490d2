package io.cvlan.pki;

import io.cvlan.api.v1alpha1.Labels;
import io.cvlan.api.v1alpha1.OwnerReferences;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Building and reading the Secrets certificates live in. */
public final class Secrets {
  static final String TLS_TYPE = "kubernetes.io/tls";
  static final String TLS_CRT = "tls.crt";
  static final String TLS_KEY = "tls.key";
  static final String CA_CRT = "ca.crt";

  private Secrets() {
  }

  static Secret tls(String namespace, String name, String cvlan, HasMetadata owner, String certificatePem,
      String privateKeyPem, String caPem) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(TLS_CRT, encode(certificatePem));
    data.put(TLS_KEY, encode(privateKeyPem));
    data.put(CA_CRT, encode(caPem));
    return secret(namespace, name, cvlan, owner, TLS_TYPE, data);
  }

  static Secret secret(String namespace, String name, String cvlan, HasMetadata owner, String type,
      Map<String, String> base64Data) {
    return new SecretBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .addToLabels(Labels.CVLAN, cvlan)
        .withOwnerReferences(ownerReference(owner))
        .endMetadata()
        .withType(type)
        .withData(base64Data)
        .build();
  }

  static OwnerReference ownerReference(HasMetadata owner) {
    return OwnerReferences.controller(owner);
  }

  /** The decoded text of a data key; empty when the key is absent or empty. */
  public static Optional<String> text(Secret secret, String key) {
    if (secret == null || secret.getData() == null) {
      return Optional.empty();
    }
    String value = secret.getData().get(key);
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new String(Base64.getDecoder().decode(value), StandardCharsets.US_ASCII));
  }

  public static String encode(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
  }
}
