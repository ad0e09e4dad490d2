package io.cvlan.registration.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * 201 answer to a registration: the node's identity, its network and its peers (DESIGN §4). {@code ephemeral}
 * (an addition) tells the agent to deregister when it shuts down.
 */
public record RegisterResponse(String nodeId, String ipv4, String ipv6, String certificate, String privateKey, String caChain,
    CvlanDto cvlan, List<PeerDto> peers, long version, JsonNode derpMap, DnsDto dnsConfig, Integer pollIntervalSeconds,
    JsonNode config, Boolean ephemeral) {

  /** Never prints the private key. */
  @Override
  public String toString() {
    return "RegisterResponse[nodeId=" + nodeId + ", ipv4=" + ipv4 + ", peers=" + (peers == null ? 0 : peers.size())
        + ", version=" + version + "]";
  }
}
