package io.cvlan.peers;

import java.util.Objects;

/** A public address where a peer's WireGuard listens. */
public record PeerEndpoint(String host, int port) {
  public PeerEndpoint {
    Objects.requireNonNull(host, "host");
  }

  @Override
  public String toString() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
