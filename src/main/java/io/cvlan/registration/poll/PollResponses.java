package io.cvlan.registration.poll;

import com.fasterxml.jackson.databind.JsonNode;
import io.cvlan.peers.CvlanSettings;
import io.cvlan.peers.PeerSnapshot;
import io.cvlan.registration.protocol.DnsDto;
import io.cvlan.registration.protocol.Json;
import io.cvlan.registration.protocol.PeerDto;
import io.cvlan.registration.protocol.PollResponse;
import java.util.Optional;

/** A member's view and its CVLAN's settings as the wire response. */
final class PollResponses {
  private PollResponses() {}

  static PollResponse of(MemberView.View view, PeerSnapshot snapshot, Integer pollIntervalSeconds, JsonNode config) {
    Optional<CvlanSettings> settings = snapshot.settings();
    return new PollResponse(view.version(), view.keepalive(), view.full(),
        view.peers().stream().map(PeerDto::of).toList(), view.removed(),
        settings.map(CvlanSettings::derpMap).orElse(null),
        settings.map(CvlanSettings::dns).map(d -> new DnsDto(d.nameservers(), d.search())).orElse(null),
        settings.map(s -> (JsonNode) Json.MAPPER.valueToTree(s.packetFilter())).orElse(null),
        pollIntervalSeconds, config);
  }
}
