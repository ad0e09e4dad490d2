package io.cvlan.registration.client;

import io.cvlan.registration.protocol.Json;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * HTTPS JSON client of the registration API, as agents and benchmarks speak it: trusts only the CA pinned
 * from the token Secret, and presents the node's certificate once it has one (mTLS for polls).
 */
public final class RegistrationHttpClient {
  private final HttpClient http;
  private final URI base;

  private RegistrationHttpClient(HttpClient http, URI base) {
    this.http = http;
    this.base = base;
  }

  /** Status, body and headers of an answer. */
  public record Reply(int status, byte[] body, Map<String, java.util.List<String>> headers) {
    public <T> T as(Class<T> type) {
      try {
        return Json.MAPPER.readValue(body, type);
      } catch (java.io.IOException e) {
        throw new IllegalStateException("unexpected answer (HTTP " + status + "): not " + type.getSimpleName(), e);
      }
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public Optional<String> header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).flatMap(e -> e.getValue().stream()).findFirst();
    }
  }

  public static RegistrationHttpClient to(String baseUrl, String caPem) {
    return new RegistrationHttpClient(http(sslContext(caPem, null, null)), URI.create(baseUrl));
  }

  public static RegistrationHttpClient to(String baseUrl, String caPem, String certificatePem, String privateKeyPem) {
    return new RegistrationHttpClient(http(sslContext(caPem, certificatePem, privateKeyPem)), URI.create(baseUrl));
  }

  public Reply post(String path, Object body, Map<String, String> headers, Duration timeout) throws java.io.IOException, InterruptedException {
    byte[] json = Json.MAPPER.writeValueAsBytes(body);
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(json));
    headers.forEach(request::header);
    return send(request);
  }

  public Reply get(String path, Duration timeout) throws java.io.IOException, InterruptedException {
    return get(path, Map.of(), timeout);
  }

  public Reply get(String path, Map<String, String> headers, Duration timeout) throws java.io.IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).GET();
    headers.forEach(request::header);
    return send(request);
  }

  /** Asks for a gzip'd answer (peer lists shrink several times over) and reads either kind. */
  private Reply send(HttpRequest.Builder request) throws java.io.IOException, InterruptedException {
    HttpResponse<byte[]> response = http.send(request.header("accept-encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
    boolean gzip = response.headers().firstValue("content-encoding").filter("gzip"::equalsIgnoreCase).isPresent();
    byte[] body = gzip ? gunzip(response.body()) : response.body();
    return new Reply(response.statusCode(), body, response.headers().map());
  }

  private static byte[] gunzip(byte[] compressed) throws java.io.IOException {
    try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new ByteArrayInputStream(compressed))) {
      return in.readAllBytes();
    }
  }

  private static HttpClient http(SSLContext ssl) {
    return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1).build();
  }

  /** Trust exactly the pinned CA; present the certificate and key when given. */
  public static SSLContext sslContext(String caPem, String certificatePem, String privateKeyPem) {
    try {
      CertificateFactory x509 = CertificateFactory.getInstance("X.509");
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      int i = 0;
      for (Certificate ca : x509.generateCertificates(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)))) {
        trust.setCertificateEntry("ca" + i++, ca);
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      KeyManagerFactory kmf = null;
      if (certificatePem != null) {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        Certificate[] chain = x509.generateCertificates(new ByteArrayInputStream(certificatePem.getBytes(StandardCharsets.US_ASCII)))
            .toArray(Certificate[]::new);
        keys.setKeyEntry("client", privateKey(privateKeyPem), new char[0], chain);
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return context;
    } catch (Exception e) {
      throw new IllegalArgumentException("cannot build TLS settings from the given CA, certificate and key: " + e.getClass().getSimpleName(), e);
    }
  }

  public static PrivateKey privateKey(String pem) throws java.io.IOException {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object parsed = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (parsed instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
      if (parsed instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      throw new IllegalArgumentException("not a PEM private key");
    }
  }
}
