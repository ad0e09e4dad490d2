package io.cvlan.agent;

import io.cvlan.agent.token.TokenSources;
import io.cvlan.registration.protocol.EndpointDto;
import io.cvlan.registration.protocol.PodDto;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * How an agent runs: where its identity lives, which interface it programs, what it tells peers, and how to
 * reach the registration API ({@code server} and its pinned CA, else the files beside the token file, as a
 * mounted token Secret has them). {@code placement} says where it runs: a VM (peers from the poll API), a
 * Kubernetes node (daemonset) or a pod (sidecar, the Node owned by the pod) — these two watch the peer
 * ConfigMaps with {@code cluster} — or a VRouter's gateway (peers from the poll API, one interface per CVLAN).
 */
public record AgentSettings(Path dataDir, String iface, int listenPort, String hostname, String os, List<EndpointDto> endpoints,
    Optional<String> server, Optional<String> serverCaPem, TokenSources tokens, Clock clock, Placement placement,
    Optional<KubernetesClient> cluster) {
  public AgentSettings {
    endpoints = List.copyOf(endpoints);
    if ((placement instanceof Placement.Daemonset || placement instanceof Placement.Sidecar) && cluster.isEmpty()) {
      throw new IllegalArgumentException("daemonset and sidecar agents watch peer ConfigMaps: they need a Kubernetes client");
    }
  }

  /**
   * A stable, locally administered MAC derived from the hostname: the registration and every poll send it,
   * binding them to this machine.
   */
  public String mac() {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(hostname.getBytes(StandardCharsets.UTF_8));
      hash[0] = (byte) ((hash[0] & 0xfc) | 0x02);
      return HexFormat.ofDelimiter(":").formatHex(hash, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Where the agent runs, and what the registration says about it. */
  public sealed interface Placement {
    record Standalone() implements Placement {}

    record Daemonset(String kubernetesNode) implements Placement {}

    /**
     * {@code identityTokenFile}: a projected ServiceAccount token (audience cvlan.io) the pod joins with instead
     * of a registration token; re-read at every attempt, as kubelet rotates it.
     */
    record Sidecar(PodDto pod, Optional<Path> identityTokenFile) implements Placement {
      public Sidecar(PodDto pod) {
        this(pod, Optional.empty());
      }
    }

    /** A gateway serving VRouter {@code spec.cvlans} with its join token ({@link VRouterAgent}). */
    record VRouter() implements Placement {}
  }
}
