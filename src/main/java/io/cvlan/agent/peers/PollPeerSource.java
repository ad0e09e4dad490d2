package io.cvlan.agent.peers;

import com.fasterxml.jackson.databind.JsonNode;
import io.cvlan.agent.register.Backoff;
import io.cvlan.api.v1alpha1.PeerPolicy;
import io.cvlan.peers.Peer;
import io.cvlan.peers.PeerEndpoint;
import io.cvlan.peers.PeerKind;
import io.cvlan.registration.client.RegistrationHttpClient;
import io.cvlan.registration.protocol.EndpointDto;
import io.cvlan.registration.protocol.PeerDto;
import io.cvlan.registration.protocol.PollRequest;
import io.cvlan.registration.protocol.PollResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Peers from the poll API (outside the cluster): long-polls with mTLS, folds each answer (full list or
 * delta) into the {@link PeerState}, and hands every new view to the listener. Errors back off and retry;
 * the server filters peers by policy, so the view uses Open.
 */
public final class PollPeerSource implements Runnable {
  static final int WAIT_SECONDS = 30;
  private static final Logger log = LoggerFactory.getLogger(PollPeerSource.class);

  private final RegistrationHttpClient http;
  private final Target target;
  private final String nodeId;
  private final String mac;
  private final List<EndpointDto> endpoints;
  private final PeerState state;
  private final Consumer<PeerView> listener;
  private final SecureRandom random = new SecureRandom();
  private volatile boolean stopped;

  /**
   * What is polled: a node's {@code /client/poll}, or a vrouter's {@code /vrouter/poll} for one of its CVLANs,
   * whose answers also carry the vrouter's configuration. {@code waitSeconds} bounds each long-poll: a
   * vrouter hears from the server at least that often.
   */
  public record Target(String path, String cvlan, int waitSeconds, Consumer<JsonNode> config) {
    public static final Target NODE = new Target("/client/poll", null, WAIT_SECONDS, c -> {});

    public static Target vrouter(String cvlan, int waitSeconds, Consumer<JsonNode> config) {
      return new Target("/vrouter/poll", cvlan, waitSeconds, config);
    }
  }

  public PollPeerSource(RegistrationHttpClient http, String nodeId, String mac, List<EndpointDto> endpoints, long knownVersion,
      Consumer<PeerView> listener) {
    this(http, Target.NODE, nodeId, mac, endpoints, knownVersion, listener);
  }

  public PollPeerSource(RegistrationHttpClient http, Target target, String nodeId, String mac, List<EndpointDto> endpoints,
      long knownVersion, Consumer<PeerView> listener) {
    this.http = http;
    this.target = target;
    this.nodeId = nodeId;
    this.mac = mac;
    this.endpoints = List.copyOf(endpoints);
    this.state = new PeerState(nodeId);
    this.listener = listener;
    state.apply(List.of(), List.of(), knownVersion, Optional.empty());
  }

  /** The peers the registration answer carried: the starting point before the first poll. */
  public void seed(List<PeerDto> peers, long version) {
    state.replace(peers.stream().map(PollPeerSource::peer).toList(), version, Optional.empty());
    listener.accept(state.view(PeerPolicy.Open));
  }

  @Override
  public void run() {
    int failures = 0;
    while (!stopped && !Thread.currentThread().isInterrupted()) {
      try {
        byte[] nonce = new byte[32];
        random.nextBytes(nonce);
        PollRequest request = new PollRequest(mac, HexFormat.of().formatHex(nonce), endpoints, state.version(), target.waitSeconds(),
            target.cvlan());
        RegistrationHttpClient.Reply reply = http.post(target.path(), request, Map.of("X-Node-Id", nodeId),
            Duration.ofSeconds(target.waitSeconds() + 15L));
        if (reply.status() != 200) {
          throw new IllegalStateException("poll answered HTTP " + reply.status() + ": " + reply.text());
        }
        failures = 0;
        PollResponse response = reply.as(PollResponse.class);
        if (response.config() != null) {
          target.config().accept(response.config());
        }
        if (stopped) {
          return;
        }
        if (response.keepalive() && !response.full()) {
          continue;
        }
        List<Peer> peers = response.peers() == null ? List.of() : response.peers().stream().map(PollPeerSource::peer).toList();
        if (response.full()) {
          state.replace(peers, response.version(), Optional.empty());
        } else {
          state.apply(peers, response.peersRemoved() == null ? List.of() : response.peersRemoved(), response.version(), Optional.empty());
        }
        listener.accept(state.view(PeerPolicy.Open));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        Duration wait = Backoff.DEFAULT.delay(failures++, random);
        log.warn("node={} cvlan={} poll failed problem=\"{}\" retryIn={}ms", nodeId, target.cvlan() == null ? "-" : target.cvlan(), e.getMessage(), wait.toMillis());
        try {
          Thread.sleep(wait.toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  public void stop() {
    stopped = true;
  }

  static Peer peer(PeerDto dto) {
    List<PeerEndpoint> endpoints = dto.endpoints() == null ? List.of()
        : dto.endpoints().stream().map(e -> new PeerEndpoint(e.host(), e.port())).toList();
    return new Peer(dto.id(), dto.publicKey(), dto.ipv4(), dto.ipv6(), endpoints, dto.taints(),
        "vrouter".equals(dto.kind()) ? PeerKind.vrouter : PeerKind.node, dto.routes());
  }
}
