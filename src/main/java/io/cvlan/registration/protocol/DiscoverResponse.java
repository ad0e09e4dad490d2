package io.cvlan.registration.protocol;

import java.util.List;

/** {@code GET /client/discover?tenant=}: what an unauthenticated client may learn about a tenant. */
public record DiscoverResponse(String tenant, String server, List<CvlanSummary> cvlans) {
  public record CvlanSummary(String name, String cidr, String ipv6Cidr) {}
}
