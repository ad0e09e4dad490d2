package io.cvlan.agent.token;

import java.nio.file.Path;
import java.util.Optional;

/** A registration token and where it came from; {@code file} is set when it was read from a file (deleted after use). */
public record ResolvedToken(String token, String source, Optional<Path> file) {
  @Override
  public String toString() {
    return "ResolvedToken[source=" + source + "]";
  }
}
