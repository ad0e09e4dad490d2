package io.cvlan.registration.protocol;

import java.util.List;

/** {@code POST /client/poll} and {@code POST /vrouter/poll} (DESIGN §4). */
public record PollRequest(String mac, String nonce, List<EndpointDto> endpoints, Long lastSeenVersion, Integer waitSeconds) {
  public PollRequest {
    endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
  }

  @Override
  public String toString() {
    return "PollRequest[lastSeenVersion=" + lastSeenVersion + ", waitSeconds=" + waitSeconds + "]";
  }
}
