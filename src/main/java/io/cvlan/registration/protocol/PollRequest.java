package io.cvlan.registration.protocol;

import java.util.List;

/**
 * {@code POST /client/poll} and {@code POST /vrouter/poll} (DESIGN §4). {@code cvlan} (an addition, vrouters
 * only) names which of the vrouter's CVLANs the answer is about; absent, its first.
 */
public record PollRequest(String mac, String nonce, List<EndpointDto> endpoints, Long lastSeenVersion, Integer waitSeconds,
    String cvlan) {
  public PollRequest {
    endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
  }

  public PollRequest(String mac, String nonce, List<EndpointDto> endpoints, Long lastSeenVersion, Integer waitSeconds) {
    this(mac, nonce, endpoints, lastSeenVersion, waitSeconds, null);
  }

  @Override
  public String toString() {
    return "PollRequest[lastSeenVersion=" + lastSeenVersion + ", waitSeconds=" + waitSeconds + ", cvlan=" + cvlan + "]";
  }
}
