package io.cvlan.registration.protocol;

import java.util.List;

/**
 * {@code POST /client/register} and {@code POST /vrouter/register} (DESIGN §4). A pod may present
 * {@code identityToken} (a projected ServiceAccount token, audience cvlan.io) instead of {@code token}; then
 * {@code registrationToken} names the RegistrationToken when several admit its ServiceAccount, and the pod
 * is the one the API server vouches for, whatever {@code pod} says.
 */
public record RegisterRequest(String token, String publicKey, String mac, String nonce, String hostname, String os,
    String agentVersion, List<EndpointDto> endpoints, String csr, PodDto pod, String kubernetesNode, String identityToken,
    String registrationToken) {

  public RegisterRequest {
    endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
  }

  /** With a signed registration token. */
  public RegisterRequest(String token, String publicKey, String mac, String nonce, String hostname, String os,
      String agentVersion, List<EndpointDto> endpoints, String csr, PodDto pod, String kubernetesNode) {
    this(token, publicKey, mac, nonce, hostname, os, agentVersion, endpoints, csr, pod, kubernetesNode, null, null);
  }

  /** Never prints a token, the nonce or the CSR. */
  @Override
  public String toString() {
    return "RegisterRequest[hostname=" + hostname + ", os=" + os + ", agentVersion=" + agentVersion + "]";
  }
}
