package io.cvlan.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ports a process will serve on, bound from its first moment and handed to their servers when those
 * start. Without it a second operator on a taken port started its informers — minutes of listing at ten
 * thousand Nodes — and only then died of a BindException; and two starting together could both find the
 * port free.
 */
final class ReservedPorts implements AutoCloseable {
  /** One port to serve on; {@code port} 0 means the server is off (nothing to reserve). */
  record Port(String purpose, String host, int port) {}

  private final Map<String, ServerSocket> held;

  private ReservedPorts(Map<String, ServerSocket> held) {
    this.held = held;
  }

  static ReservedPorts reserve(List<Port> ports) throws PortInUseException {
    Map<String, ServerSocket> held = new LinkedHashMap<>();
    for (Port port : ports) {
      if (port.port() == 0) {
        continue;
      }
      try {
        ServerSocket socket = new ServerSocket();
        // So that the server taking it over can bind at once, as it would after any listener closed.
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(port.host(), port.port()));
        held.put(port.purpose(), socket);
      } catch (IOException e) {
        new ReservedPorts(held).close();
        throw new PortInUseException(port.purpose(), port.port());
      }
    }
    return new ReservedPorts(held);
  }

  /** Lets go of {@code purpose}'s port for its server to bind now. */
  void handOver(String purpose) {
    ServerSocket socket = held.remove(purpose);
    if (socket != null) {
      closeQuietly(socket);
    }
  }

  @Override
  public void close() {
    held.values().forEach(ReservedPorts::closeQuietly);
    held.clear();
  }

  private static void closeQuietly(ServerSocket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Closing a listening socket fails only if it is closed already.
    }
  }
}
