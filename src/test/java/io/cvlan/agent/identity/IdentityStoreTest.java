package io.cvlan.agent.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.registration.protocol.CvlanDto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityStoreTest {
  static final Identity IDENTITY = new Identity("laptop-abcd1234", "tenant-a", "10.100.0.10", "fd00:100::2",
      new CvlanDto("blue", "10.100.0.0/16", "fd00:100::/64"), "https://cvlan.example:8443", "-----BEGIN CERTIFICATE-----\nCA\n", "2026-11-23T10:00:00Z", false);
  static final Credentials CREDENTIALS = new Credentials("cGxhY2Vob2xkZXIta2V5LW9mLTMyLWJ5dGVzLWxvbmc9", "-----BEGIN CERTIFICATE-----\nLEAF\n",
      "-----BEGIN PRIVATE KEY-----\nKEY\n", "-----BEGIN CERTIFICATE-----\nCVLAN CA\n");

  @TempDir
  Path root;

  private IdentityStore store() {
    return new IdentityStore(root.resolve("cvlan"));
  }

  @Test
  void emptyDataDirIsNotRegistered() {
    assertThat(store().load()).isInstanceOf(StoredIdentity.NotRegistered.class);
  }

  @Test
  void savedIdentityLoadsBackWithItsCredentials() throws Exception {
    store().save(IDENTITY, CREDENTIALS);

    StoredIdentity loaded = store().load();

    assertThat(loaded).isEqualTo(new StoredIdentity.Registered(IDENTITY, CREDENTIALS));
  }

  @Test
  void dataDirIs0700AndEveryFile0600() throws Exception {
    store().save(IDENTITY, CREDENTIALS);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("cvlan")))).isEqualTo("rwx------");
    for (String file : new String[] {"identity.json", "private_key", "tls.crt", "tls.key", "ca.crt"}) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("cvlan").resolve(file))))
          .as(file).isEqualTo("rw-------");
    }
  }

  @Test
  void privateKeyNeverLandsInIdentityJson() throws Exception {
    store().save(IDENTITY, CREDENTIALS);

    String json = Files.readString(root.resolve("cvlan/identity.json"));

    assertThat(json).doesNotContain(CREDENTIALS.wireguardPrivateKey()).doesNotContain("PRIVATE KEY").contains("\"node_id\"");
  }

  @Test
  void noTemporaryFilesAreLeftBehind() throws Exception {
    store().save(IDENTITY, CREDENTIALS);
    store().save(IDENTITY, CREDENTIALS);

    try (var files = Files.list(root.resolve("cvlan"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
          "identity.json", "private_key", "tls.crt", "tls.key", "ca.crt");
    }
  }

  @Test
  void garbledIdentityJsonIsCorrupt() throws Exception {
    store().save(IDENTITY, CREDENTIALS);
    Files.writeString(root.resolve("cvlan/identity.json"), "{not json");

    assertThat(store().load()).isInstanceOf(StoredIdentity.Corrupt.class);
  }

  @Test
  void missingKeyFileIsCorruptAndSaysWhich() throws Exception {
    store().save(IDENTITY, CREDENTIALS);
    Files.delete(root.resolve("cvlan/private_key"));

    assertThat(store().load()).isEqualTo(new StoredIdentity.Corrupt("private_key is missing"));
  }

  @Test
  void clearedStoreIsNotRegistered() throws Exception {
    store().save(IDENTITY, CREDENTIALS);

    store().clear();

    assertThat(store().load()).isInstanceOf(StoredIdentity.NotRegistered.class);
  }
}
