package io.cvlan.registration.http;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the server knows of a request beyond its body: the client's address (rate limits), the TLS client
 * certificate chain if one was presented (verified by the handler against the right CVLAN's CA, since the
 * TLS layer cannot know which CVLAN a caller claims), the {@code X-Node-Id} header, a query parameter reader.
 */
public record RequestContext(String remoteAddress, List<X509Certificate> clientChain, Optional<String> nodeIdHeader,
    java.util.function.Function<String, Optional<String>> query, Instant receivedAt) {
  public RequestContext {
    clientChain = List.copyOf(clientChain);
  }

  public Optional<String> queryParam(String name) {
    return query.apply(name);
  }
}
