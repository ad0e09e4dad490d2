package io.cvlan.agent.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenSourcesTest {
  static final String TOKEN = "eyJhbGciOiJFZERTQSJ9.eyJ0ZW5hbnRfaWQiOiJ0In0.c2ln";

  @TempDir
  Path dir;

  private TokenSources sources(Optional<String> flag, Map<String, String> env, Optional<MetadataProvider> metadata) {
    return new TokenSources(flag, dir.resolve("token"), env, metadata);
  }

  @Test
  void flagWinsOverEveryOtherSource() throws Exception {
    Files.writeString(dir.resolve("token"), "file-token");

    ResolvedToken token = sources(Optional.of(TOKEN), Map.of(TokenSources.ENV, "env-token"), Optional.empty()).resolve();

    assertThat(token.token()).isEqualTo(TOKEN);
    assertThat(token.source()).isEqualTo("--token");
    assertThat(token.file()).isEmpty();
  }

  @Test
  void fileComesNextAndIsRememberedForDeletion() throws Exception {
    Files.writeString(dir.resolve("token"), TOKEN + "\n");

    ResolvedToken token = sources(Optional.empty(), Map.of(TokenSources.ENV, "env-token"), Optional.empty()).resolve();

    assertThat(token.token()).isEqualTo(TOKEN);
    assertThat(token.file()).contains(dir.resolve("token"));
  }

  @Test
  void environmentComesAfterTheFile() throws Exception {
    ResolvedToken token = sources(Optional.of(" "), Map.of(TokenSources.ENV, TOKEN), Optional.empty()).resolve();

    assertThat(token.source()).isEqualTo("$" + TokenSources.ENV);
  }

  @Test
  void metadataServiceIsAskedLast() throws Exception {
    HttpServer imds = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    imds.createContext("/latest/cvlan-token", exchange -> {
      byte[] body = TOKEN.getBytes(StandardCharsets.US_ASCII);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    imds.start();
    try {
      var provider = new HttpMetadataProvider("http://127.0.0.1:" + imds.getAddress().getPort() + "/latest", "cvlan-token", Duration.ofSeconds(5));

      ResolvedToken token = sources(Optional.empty(), Map.of(), Optional.of(provider)).resolve();

      assertThat(token.token()).isEqualTo(TOKEN);
      assertThat(token.source()).startsWith("metadata http://127.0.0.1:");
    } finally {
      imds.stop(0);
    }
  }

  @Test
  void unreachableMetadataIsReportedAmongTheSourcesTried() {
    var provider = new HttpMetadataProvider("http://127.0.0.1:9", "cvlan-token", Duration.ofMillis(500));

    assertThatThrownBy(() -> sources(Optional.empty(), Map.of(), Optional.of(provider)).resolve())
        .isInstanceOf(TokenNotFoundException.class)
        .hasMessageContaining("metadata http://127.0.0.1:9/cvlan-token: unreachable");
  }

  @Test
  void noTokenAnywhereListsEverySourceTried() {
    assertThatThrownBy(() -> sources(Optional.empty(), Map.of(), Optional.empty()).resolve())
        .isInstanceOf(TokenNotFoundException.class)
        .hasMessageContaining("--token: not given")
        .hasMessageContaining("--token-file " + dir.resolve("token") + ": no such file")
        .hasMessageContaining("$CVLAN_REGISTRATION_TOKEN: not set")
        .hasMessageContaining("metadata: not enabled");
  }

  @Test
  void oversizedTokenIsRefusedNamingItsSourceNotItsContent() {
    String huge = "a".repeat(600);

    assertThatThrownBy(() -> sources(Optional.of(huge), Map.of(TokenSources.ENV, TOKEN), Optional.empty()).resolve())
        .isInstanceOf(TokenNotFoundException.class)
        .hasMessageContaining("--token: invalid token, 600 bytes, longer than 512")
        .hasMessageNotContaining(huge);
  }

  @Test
  void nonPrintableTokenIsRefused() throws Exception {
    Files.writeString(dir.resolve("token"), "abc\u0007def");

    assertThatThrownBy(() -> sources(Optional.empty(), Map.of(), Optional.empty()).resolve())
        .hasMessageContaining("invalid token, not printable ASCII");
  }
}
