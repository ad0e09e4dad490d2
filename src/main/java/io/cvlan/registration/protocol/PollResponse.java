package io.cvlan.registration.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The answer to a poll: peers added or changed since {@code last_seen_version} and the ids removed, or
 * {@code keepalive} when nothing moved. {@code full} (an addition to DESIGN §4) says the peer list is the
 * whole set, to replace rather than merge: the server had no history back to the client's version.
 */
public record PollResponse(long version, boolean keepalive, boolean full, List<PeerDto> peers, List<String> peersRemoved,
    JsonNode derpMap, DnsDto dnsConfig, JsonNode packetFilter, Integer pollIntervalSeconds, JsonNode config) {}
