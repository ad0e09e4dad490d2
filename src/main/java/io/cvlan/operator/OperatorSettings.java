package io.cvlan.operator;

import io.cvlan.operator.token.RegistrationApiRef;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * How the operator runs. {@code namespaces} empty means every namespace; {@code leaseNamespace} present
 * turns on leader election on a Lease there; {@code drainTimeout} is how long a stop waits for the reconciles
 * in flight before interrupting them.
 */
public record OperatorSettings(Clock clock, RegistrationApiRef registrationApi, Set<String> namespaces,
    Optional<String> leaseNamespace, Duration signingKeyMaxAge, Duration drainTimeout) {
  public static final String LEASE_NAME = "cvlan-operator-leader";
  /**
   * A reconcile takes well under a second; ten leave room for a slow API server. Kept under the Lease's 15 s
   * (renewals stop while draining): a standby must not take over while this replica's reconciles still run.
   */
  public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(10);

  public OperatorSettings {
    namespaces = Set.copyOf(namespaces);
  }

  public OperatorSettings(Clock clock, RegistrationApiRef registrationApi, Set<String> namespaces,
      Optional<String> leaseNamespace, Duration signingKeyMaxAge) {
    this(clock, registrationApi, namespaces, leaseNamespace, signingKeyMaxAge, DEFAULT_DRAIN_TIMEOUT);
  }

  public static OperatorSettings defaults(Clock clock, RegistrationApiRef registrationApi) {
    return new OperatorSettings(clock, registrationApi, Set.of(), Optional.empty(), Duration.ofDays(90));
  }

  /** The same, reconciling only {@code namespaces}. */
  public OperatorSettings watchingOnly(Set<String> only) {
    return new OperatorSettings(clock, registrationApi, only, leaseNamespace, signingKeyMaxAge, drainTimeout);
  }

  /** The same, with leader election on a Lease in {@code namespace}. */
  public OperatorSettings withLeaderElection(String namespace) {
    return new OperatorSettings(clock, registrationApi, namespaces, Optional.of(namespace), signingKeyMaxAge, drainTimeout);
  }
}
