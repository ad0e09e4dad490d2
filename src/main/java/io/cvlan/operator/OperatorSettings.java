package io.cvlan.operator;

import io.cvlan.operator.token.RegistrationApiRef;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * How the operator runs. {@code namespaces} empty means every namespace; {@code leaseNamespace} present
 * turns on leader election on a Lease there.
 */
public record OperatorSettings(Clock clock, RegistrationApiRef registrationApi, Set<String> namespaces,
    Optional<String> leaseNamespace, Duration signingKeyMaxAge) {
  public static final String LEASE_NAME = "cvlan-operator-leader";

  public OperatorSettings {
    namespaces = Set.copyOf(namespaces);
  }

  public static OperatorSettings defaults(Clock clock, RegistrationApiRef registrationApi) {
    return new OperatorSettings(clock, registrationApi, Set.of(), Optional.empty(), Duration.ofDays(90));
  }
}
