package io.cvlan.pki;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What to issue: the identity (common name and URI SAN) is decided by the server; a CSR, when present,
 * only contributes its public key so that the private key never leaves the agent.
 */
public record CertificateRequest(String namespace, String secretName, String commonName, String uriSan,
    Duration validity, Optional<Csr> csr, HasMetadata owner) {
  public CertificateRequest {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(secretName, "secretName");
    Objects.requireNonNull(commonName, "commonName");
    Objects.requireNonNull(uriSan, "uriSan");
    Objects.requireNonNull(validity, "validity");
    Objects.requireNonNull(csr, "csr");
    Objects.requireNonNull(owner, "owner");
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("validity must be positive, was " + validity);
    }
  }
}
