package io.cvlan.registration.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.cvlan.registration.protocol.ErrorBody;
import io.cvlan.registration.protocol.Json;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS server of the registration API (Vert.x, non-blocking). It owns transport concerns only: TLS
 * (client certificates requested, verified per CVLAN by the handlers), the 64 KiB body limit checked before
 * parsing, JSON in and out, the error shape of DESIGN §4, and per-endpoint metrics. Endpoint logic lives in
 * {@link ApiHandler}s, run on a worker pool.
 */
public final class RegistrationServer implements AutoCloseable {
  public static final int MAX_BODY_BYTES = 64 * 1024;
  private static final Logger log = LoggerFactory.getLogger(RegistrationServer.class);

  private final Vertx vertx;
  private final Router router;
  private final PrometheusMeterRegistry metrics;
  private final ExecutorService workers;
  private final Clock clock;
  private HttpServer server;
  private volatile boolean draining;

  public RegistrationServer(Vertx vertx, PrometheusMeterRegistry metrics, ExecutorService workers, Clock clock,
      BooleanSupplier ready) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.workers = workers;
    this.clock = clock;
    this.router = Router.router(vertx);
    router.route().handler(this::refuseWhileDraining);
    router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES).setHandleFileUploads(false));
    router.get("/healthz").handler(rc -> rc.response().putHeader("content-type", "text/plain").end("ok"));
    router.get("/readyz").handler(rc -> rc.response().setStatusCode(ready.getAsBoolean() ? 200 : 503)
        .putHeader("content-type", "text/plain").end(ready.getAsBoolean() ? "ready" : "not ready"));
    router.route().failureHandler(this::failure);
    router.errorHandler(404, rc -> writeError(rc, new ApiException(404, "not_found",
        "no such endpoint: " + rc.request().method() + " " + rc.request().path())));
    router.errorHandler(405, rc -> writeError(rc, new ApiException(405, "method_not_allowed",
        rc.request().method() + " is not allowed on " + rc.request().path())));
  }

  /**
   * From now on every request but the liveness probe is answered 503 with Retry-After (readiness too, so the
   * Service stops sending any here): the requests in flight finish, no new one starts writing to the API.
   */
  public void drain() {
    draining = true;
  }

  private void refuseWhileDraining(RoutingContext rc) {
    if (draining && !"/healthz".equals(rc.request().path())) {
      writeError(rc, ApiException.unavailable("shutting_down", "this operator replica is shutting down; retry",
          java.time.Duration.ofSeconds(1)));
    } else {
      rc.next();
    }
  }

  /** A JSON endpoint: the body (absent for GET) is parsed into {@code bodyType}; success answers {@code okStatus}. */
  public <T> RegistrationServer route(HttpMethod method, String path, Class<T> bodyType, int okStatus, ApiHandler<T> handler) {
    router.route(method, path).handler(rc -> serve(rc, path, bodyType, okStatus, handler));
    return this;
  }

  public CompletionStage<Integer> listen(String host, int port, ServerTls tls) {
    HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(port)
        .setSsl(true)
        .setKeyCertOptions(new PemKeyCertOptions()
            .setCertValue(Buffer.buffer(tls.certificateChainPem()))
            .setKeyValue(Buffer.buffer(tls.privateKeyPem())))
        // Client certificates come from per-CVLAN CAs that change at runtime: the TLS layer asks for one and
        // accepts any; the poll handlers verify it against the CA of the CVLAN the node belongs to.
        .setClientAuth(ClientAuth.REQUEST)
        .setTrustOptions(TrustOptions.wrap(AcceptAnyClient.INSTANCE))
        .setIdleTimeout(120)
        .setIdleTimeoutUnit(TimeUnit.SECONDS)
        // An answer that lists every peer (a registration, a full poll) is ~75 bytes of JSON a peer: 750 KB at
        // 10,000 Nodes, most of the server's CPU in encrypting it. Clients that accept gzip (ours) get it at
        // the fastest level (native zlib: several times smaller for a fraction of the encryption saved);
        // clients that do not get it as before.
        .setCompressionSupported(true)
        .setCompressionLevel(1);
    CompletableFuture<Integer> bound = new CompletableFuture<>();
    vertx.createHttpServer(options).requestHandler(router).listen().onComplete(result -> {
      if (result.succeeded()) {
        server = result.result();
        log.info("registration API listening host={} port={}", host, server.actualPort());
        bound.complete(server.actualPort());
      } else {
        bound.completeExceptionally(result.cause());
      }
    });
    return bound;
  }

  private <T> void serve(RoutingContext rc, String path, Class<T> bodyType, int okStatus, ApiHandler<T> handler) {
    Timer.Sample sample = Timer.start(metrics);
    RequestContext context = new RequestContext(rc.request().remoteAddress() == null ? "unknown" : rc.request().remoteAddress().host(),
        clientChain(rc), Optional.ofNullable(rc.request().getHeader("X-Node-Id")),
        name -> Optional.ofNullable(rc.request().getParam(name)), clock.instant());
    CompletableFuture.supplyAsync(() -> {
      try {
        T body = bodyType == Void.class ? null : parse(rc, bodyType);
        return handler.handle(body, context);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    }, workers)
        .thenCompose(stage -> stage)
        .whenComplete((result, error) -> {
          int status = error == null ? okStatus : statusOf(unwrap(error));
          sample.stop(metrics.timer("cvlan_api_requests", "endpoint", path, "status", String.valueOf(status)));
          if (error == null) {
            respond(rc, okStatus, result);
          } else {
            fail(rc, unwrap(error));
          }
        });
  }

  private static <T> T parse(RoutingContext rc, Class<T> type) {
    Buffer body = rc.body().buffer();
    if (body == null || body.length() == 0) {
      throw ApiException.malformed("request body is empty; send a JSON object");
    }
    try {
      T parsed = Json.MAPPER.readValue(body.getBytes(), type);
      if (parsed == null) {
        throw ApiException.malformed("request body is null; send a JSON object");
      }
      return parsed;
    } catch (MismatchedInputException e) {
      String field = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
          .reduce((a, b) -> a + "." + b).orElse("body");
      throw ApiException.malformed("field " + field + " has the wrong type");
    } catch (JsonProcessingException e) {
      throw ApiException.malformed("request body is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + ")");
    } catch (java.io.IOException e) {
      throw ApiException.malformed("request body could not be read");
    }
  }

  private static List<X509Certificate> clientChain(RoutingContext rc) {
    if (!rc.request().isSSL()) {
      return List.of();
    }
    try {
      List<Certificate> chain = rc.request().connection().peerCertificates();
      return chain == null ? List.of() : chain.stream().filter(X509Certificate.class::isInstance).map(X509Certificate.class::cast).toList();
    } catch (SSLPeerUnverifiedException e) {
      return List.of();
    }
  }

  private void respond(RoutingContext rc, int status, Object body) {
    try {
      byte[] json = Json.MAPPER.writeValueAsBytes(body);
      vertx.runOnContext(v -> rc.response().setStatusCode(status).putHeader("content-type", "application/json").end(Buffer.buffer(json)));
    } catch (JsonProcessingException e) {
      fail(rc, e);
    }
  }

  /** Failures raised by Vert.x itself: the body limit (413) and malformed requests. */
  private void failure(RoutingContext rc) {
    int status = rc.statusCode() > 0 ? rc.statusCode() : 500;
    if (status == 413) {
      metrics.counter("cvlan_api_refused", "reason", "body_too_large").increment();
      writeError(rc, new ApiException(413, "body_too_large", "request body exceeds " + MAX_BODY_BYTES + " bytes"));
    } else if (rc.failure() != null) {
      fail(rc, rc.failure());
    } else {
      writeError(rc, new ApiException(status, status == 404 ? "not_found" : "error", status == 404
          ? "no such endpoint: " + rc.request().method() + " " + rc.request().path() : "request failed"));
    }
  }

  private void fail(RoutingContext rc, Throwable error) {
    if (error instanceof ApiException api) {
      writeError(rc, api);
    } else {
      log.error("endpoint={} unexpected error={}", rc.request().path(), error.toString(), error);
      writeError(rc, new ApiException(500, "internal", "the server failed to handle the request; retry later"));
    }
  }

  private void writeError(RoutingContext rc, ApiException error) {
    try {
      byte[] json = Json.MAPPER.writeValueAsBytes(new ErrorBody(error.code(), error.getMessage()));
      vertx.runOnContext(v -> {
        if (rc.response().ended()) {
          return;
        }
        var response = rc.response().setStatusCode(error.status()).putHeader("content-type", "application/json");
        error.retryAfter().ifPresent(after -> response.putHeader("Retry-After", String.valueOf(Math.max(1, after.toSeconds()))));
        response.end(Buffer.buffer(json));
      });
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int statusOf(Throwable error) {
    return error instanceof ApiException api ? api.status() : 500;
  }

  private static Throwable unwrap(Throwable error) {
    while ((error instanceof CompletionException || error instanceof java.util.concurrent.ExecutionException) && error.getCause() != null) {
      error = error.getCause();
    }
    return error;
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
  }

  /** Accepts any client certificate at the TLS layer; see {@link #listen}. Never used to trust a server. */
  private enum AcceptAnyClient implements X509TrustManager {
    INSTANCE;

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
      throw new java.security.cert.CertificateException("not a client trust manager");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
