package io.cvlan.agent;

import io.cvlan.agent.token.TokenSources;
import io.cvlan.registration.protocol.EndpointDto;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * How an agent runs: where its identity lives, which interface it programs, what it tells peers, and how to
 * reach the registration API ({@code server} and its pinned CA, else the files beside the token file, as a
 * mounted token Secret has them).
 */
public record AgentSettings(Path dataDir, String iface, int listenPort, String hostname, String os, List<EndpointDto> endpoints,
    Optional<String> server, Optional<String> serverCaPem, TokenSources tokens, Clock clock) {
  public AgentSettings {
    endpoints = List.copyOf(endpoints);
  }
}
