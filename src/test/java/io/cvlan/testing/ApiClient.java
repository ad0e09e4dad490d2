package io.cvlan.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.cvlan.registration.protocol.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/** An HTTPS client of the registration API as agents use it: trusts the API's CA, optionally presents a certificate. */
public final class ApiClient {
  private final HttpClient http;
  private final String baseUrl;
  private final Map<String, String> headers;

  private ApiClient(HttpClient http, String baseUrl, Map<String, String> headers) {
    this.http = http;
    this.baseUrl = baseUrl;
    this.headers = headers;
  }

  /** What came back: status, raw body, the body as JSON (null if not JSON), and the headers. */
  public record Response(int status, String body, JsonNode json, Map<String, java.util.List<String>> headers) {
    public String error() {
      return json == null || json.get("error") == null ? null : json.get("error").asText();
    }

    public Optional<String> header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).flatMap(e -> e.getValue().stream()).findFirst();
    }
  }

  public static ApiClient to(String baseUrl, String caPem) {
    return new ApiClient(http(sslContext(caPem, null, null)), baseUrl, Map.of());
  }

  /** The same server, presenting this client certificate (mTLS). */
  public ApiClient withClientCertificate(String caPem, String certificatePem, String privateKeyPem) {
    return new ApiClient(http(sslContext(caPem, certificatePem, privateKeyPem)), baseUrl, headers);
  }

  public ApiClient withHeader(String name, String value) {
    var more = new java.util.HashMap<>(headers);
    more.put(name, value);
    return new ApiClient(http, baseUrl, Map.copyOf(more));
  }

  public Response post(String path, Object body) {
    try {
      return postRaw(path, Json.MAPPER.writeValueAsBytes(body));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public Response postRaw(String path, byte[] body) {
    return send(request(path).POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("content-type", "application/json"));
  }

  public Response get(String path) {
    return send(request(path).GET());
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60));
    headers.forEach(builder::header);
    return builder;
  }

  private Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = null;
      try {
        json = Json.MAPPER.readTree(response.body());
      } catch (Exception notJson) {
        // Health endpoints answer plain text.
      }
      return new Response(response.statusCode(), response.body(), json, response.headers().map());
    } catch (Exception e) {
      throw new IllegalStateException("request failed: " + e, e);
    }
  }

  private static HttpClient http(SSLContext ssl) {
    return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1).build();
  }

  private static SSLContext sslContext(String caPem, String certificatePem, String privateKeyPem) {
    return io.cvlan.registration.client.RegistrationHttpClient.sslContext(caPem, certificatePem, privateKeyPem);
  }
}
