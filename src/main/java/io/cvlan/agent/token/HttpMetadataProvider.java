package io.cvlan.agent.token;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * IMDS-style metadata: a plain HTTP GET of {@code <base>/<path>} answering the token as the body (404 = none).
 * The base URL is configurable (e.g. http://169.254.169.254/latest/meta-data) and every call is bounded
 * by a timeout, 5 s by default, so an agent off-cloud does not hang on it.
 */
public final class HttpMetadataProvider implements MetadataProvider {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private final URI uri;
  private final Duration timeout;
  private final HttpClient http;

  public HttpMetadataProvider(String baseUrl, String path, Duration timeout) {
    this.uri = URI.create(baseUrl.endsWith("/") ? baseUrl + path : baseUrl + "/" + path);
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public Optional<String> token() throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    if (response.statusCode() != 200) {
      throw new IllegalStateException("metadata service answered HTTP " + response.statusCode());
    }
    return Optional.of(response.body().strip()).filter(t -> !t.isEmpty());
  }

  @Override
  public String describe() {
    return uri.toString();
  }
}
