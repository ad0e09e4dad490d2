package io.cvlan.agent.token;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the registration token, first non-empty wins (DESIGN §6): {@code --token}, {@code --token-file},
 * the environment variable {@value #ENV}, then the metadata service when enabled. The first non-empty one is
 * checked locally (at most 512 bytes, printable ASCII): a mangled token fails here, naming its source, rather
 * than at the server, and never silently gives way to another source's token.
 */
public final class TokenSources {
  public static final String ENV = "CVLAN_REGISTRATION_TOKEN";
  public static final Path DEFAULT_FILE = Path.of("/etc/cvlan/token");
  static final int MAX_BYTES = 512;

  private final Optional<String> flag;
  private final Path file;
  private final Map<String, String> environment;
  private final Optional<MetadataProvider> metadata;

  public TokenSources(Optional<String> flag, Path file, Map<String, String> environment, Optional<MetadataProvider> metadata) {
    this.flag = flag;
    this.file = file;
    this.environment = environment;
    this.metadata = metadata;
  }

  public ResolvedToken resolve() throws TokenNotFoundException {
    List<String> attempts = new ArrayList<>();
    Optional<ResolvedToken> found = fromFlag(attempts)
        .or(() -> fromFile(attempts))
        .or(() -> fromEnvironment(attempts))
        .or(() -> fromMetadata(attempts));
    if (found.isEmpty() || found.get().token() == null) {
      throw new TokenNotFoundException(attempts);
    }
    return found.get();
  }

  private Optional<ResolvedToken> fromFlag(List<String> attempts) {
    if (flag.isEmpty() || flag.get().isBlank()) {
      attempts.add("--token: not given");
      return Optional.empty();
    }
    return checked(flag.get().strip(), "--token", Optional.empty(), attempts);
  }

  private Optional<ResolvedToken> fromFile(List<String> attempts) {
    String source = "--token-file " + file;
    try {
      String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
      if (text.isEmpty()) {
        attempts.add(source + ": empty");
        return Optional.empty();
      }
      return checked(text, source, Optional.of(file), attempts);
    } catch (NoSuchFileException e) {
      attempts.add(source + ": no such file");
    } catch (IOException | RuntimeException e) {
      attempts.add(source + ": unreadable (" + e.getClass().getSimpleName() + ")");
    }
    return Optional.empty();
  }

  private Optional<ResolvedToken> fromEnvironment(List<String> attempts) {
    String value = environment.get(ENV);
    if (value == null || value.isBlank()) {
      attempts.add("$" + ENV + ": not set");
      return Optional.empty();
    }
    return checked(value.strip(), "$" + ENV, Optional.empty(), attempts);
  }

  private Optional<ResolvedToken> fromMetadata(List<String> attempts) {
    if (metadata.isEmpty()) {
      attempts.add("metadata: not enabled (--use-metadata)");
      return Optional.empty();
    }
    String source = "metadata " + metadata.get().describe();
    try {
      Optional<String> token = metadata.get().token();
      if (token.isEmpty()) {
        attempts.add(source + ": no token");
        return Optional.empty();
      }
      return checked(token.get(), source, Optional.empty(), attempts);
    } catch (Exception e) {
      attempts.add(source + ": unreachable (" + e.getClass().getSimpleName() + ")");
      return Optional.empty();
    }
  }

  /**
   * Local checks; the reason names the rule broken, never the token's content. A failed check ends the
   * search (a present marker with no token), since the first non-empty source wins.
   */
  private static Optional<ResolvedToken> checked(String token, String source, Optional<Path> file, List<String> attempts) {
    byte[] bytes = token.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > MAX_BYTES) {
      attempts.add(source + ": invalid token, " + bytes.length + " bytes, longer than " + MAX_BYTES);
      return Optional.of(new ResolvedToken(null, source, file));
    }
    for (byte b : bytes) {
      if (b < 0x21 || b > 0x7e) {
        attempts.add(source + ": invalid token, not printable ASCII");
        return Optional.of(new ResolvedToken(null, source, file));
      }
    }
    return Optional.of(new ResolvedToken(token, source, file));
  }
}
