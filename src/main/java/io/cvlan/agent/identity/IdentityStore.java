package io.cvlan.agent.identity;

import io.cvlan.registration.protocol.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * The agent's identity on disk (DESIGN §6): the data dir is 0700; {@code identity.json}, {@code private_key},
 * {@code tls.crt}, {@code tls.key} and {@code ca.crt} are 0600, each written atomically (temp file in the
 * same directory, fsync, rename, fsync of the directory) so a crash leaves the old file or the new one, never
 * half of either.
 */
public final class IdentityStore {
  public static final String IDENTITY = "identity.json";
  public static final String PRIVATE_KEY = "private_key";
  public static final String CERTIFICATE = "tls.crt";
  public static final String CERTIFICATE_KEY = "tls.key";
  public static final String CA = "ca.crt";
  static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
  static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");

  private final Path dir;

  public IdentityStore(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  public StoredIdentity load() {
    if (!Files.exists(dir.resolve(IDENTITY))) {
      return new StoredIdentity.NotRegistered();
    }
    try {
      Identity identity = Json.MAPPER.readValue(read(IDENTITY), Identity.class);
      if (identity.nodeId() == null || identity.ipv4() == null || identity.server() == null) {
        return new StoredIdentity.Corrupt(IDENTITY + " lacks node_id, ipv4 or server");
      }
      Credentials credentials = new Credentials(read(PRIVATE_KEY).strip(), read(CERTIFICATE), read(CERTIFICATE_KEY), read(CA));
      if (credentials.wireguardPrivateKey().isEmpty() || credentials.certificatePem().isEmpty()) {
        return new StoredIdentity.Corrupt(PRIVATE_KEY + " or " + CERTIFICATE + " is empty");
      }
      return new StoredIdentity.Registered(identity, credentials);
    } catch (NoSuchFileException e) {
      return new StoredIdentity.Corrupt(dir.relativize(Path.of(e.getFile())) + " is missing");
    } catch (IOException e) {
      return new StoredIdentity.Corrupt(IDENTITY + " is unreadable (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Writes the keys first and identity.json last: an identity on disk always has its keys beside it. */
  public void save(Identity identity, Credentials credentials) throws IOException {
    ensureDir();
    write(PRIVATE_KEY, credentials.wireguardPrivateKey() + "\n");
    write(CERTIFICATE, credentials.certificatePem());
    write(CERTIFICATE_KEY, credentials.certificateKeyPem() == null ? "" : credentials.certificateKeyPem());
    write(CA, credentials.caChainPem() == null ? "" : credentials.caChainPem());
    write(IDENTITY, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(identity));
  }

  /**
   * The WireGuard key of a damaged identity, if its file survived intact: registering again with it (and the
   * same hostname) returns the existing Node instead of colliding with it.
   */
  public Optional<String> survivingWireguardKey() {
    try {
      String key = read(PRIVATE_KEY).strip();
      return io.cvlan.agent.wireguard.WireGuardKeys.isValid(key) ? Optional.of(key) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The certificate key of a damaged identity, if its file survived: it may be the key the Node's certificate is for. */
  public Optional<String> survivingCertificateKey() {
    try {
      return Optional.of(read(CERTIFICATE_KEY)).filter(k -> k.contains("PRIVATE KEY"));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Forgets the identity (deregistration, or corrupt files about to be replaced). */
  public void clear() throws IOException {
    for (String name : new String[] {IDENTITY, PRIVATE_KEY, CERTIFICATE, CERTIFICATE_KEY, CA}) {
      Files.deleteIfExists(dir.resolve(name));
    }
  }

  private String read(String name) throws IOException {
    return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
  }

  private void ensureDir() throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
    }
    Files.setPosixFilePermissions(dir, DIR_MODE);
  }

  private void write(String name, String content) throws IOException {
    Path target = dir.resolve(name);
    Path temp = Files.createTempFile(dir, "." + name + ".", ".tmp", PosixFilePermissions.asFileAttribute(FILE_MODE));
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        channel.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
        channel.force(true);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      syncDirectory();
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** The rename is durable only once the directory entry is on disk. */
  private void syncDirectory() {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Some filesystems refuse to open a directory for sync; the rename itself is still atomic.
    }
  }
}
