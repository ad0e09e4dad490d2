package io.cvlan.registration.protocol;

import java.util.List;

/** {@code POST /client/register} and {@code POST /vrouter/register} (DESIGN §4). */
public record RegisterRequest(String token, String publicKey, String mac, String nonce, String hostname, String os,
    String agentVersion, List<EndpointDto> endpoints, String csr, PodDto pod, String kubernetesNode) {

  public RegisterRequest {
    endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
  }

  /** Never prints the token, the nonce or the CSR. */
  @Override
  public String toString() {
    return "RegisterRequest[hostname=" + hostname + ", os=" + os + ", agentVersion=" + agentVersion + "]";
  }
}
