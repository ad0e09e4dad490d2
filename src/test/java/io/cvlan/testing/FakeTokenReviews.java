package io.cvlan.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cvlan.embedded.EmbeddedApiServer;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The API server's TokenReview, which the mock server cannot do: ServiceAccount tokens made up by the test
 * (JWT-shaped, unsigned) and what a real API server would say of each — authenticated and bound to a pod,
 * or not — checked against the audiences the review asks for, as kube-apiserver does.
 */
public final class FakeTokenReviews {
  static final String PATH = "/apis/authentication.k8s.io/v1/tokenreviews";
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Issued(String audience, TokenReviewStatus status) {}

  private final Map<String, Issued> issued = new ConcurrentHashMap<>();
  private final AtomicInteger reviews = new AtomicInteger();

  /** Answers TokenReview creates on {@code server} from now on; every other request goes through. */
  public FakeTokenReviews install(EmbeddedApiServer server) {
    server.faults(request -> "POST".equalsIgnoreCase(request.getMethod()) && request.getPath().startsWith(PATH)
        ? Optional.of(answer(request.getUtf8Body())) : Optional.empty());
    return this;
  }

  /** A projected token of {@code namespace/serviceAccount} bound to pod {@code podName} ({@code podUid}). */
  public String boundToPod(String audience, String namespace, String serviceAccount, String podName, String podUid) {
    return issue(audience, new TokenReviewStatusBuilder().withAuthenticated(true).withAudiences(audience).withNewUser()
        .withUsername("system:serviceaccount:" + namespace + ":" + serviceAccount).withUid(UUID.randomUUID().toString())
        .withGroups("system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated")
        .withExtra(Map.of("authentication.kubernetes.io/pod-name", List.of(podName),
            "authentication.kubernetes.io/pod-uid", List.of(podUid)))
        .endUser().build());
  }

  /** A ServiceAccount token not bound to any pod (a TokenRequest without a bound object). */
  public String unbound(String audience, String namespace, String serviceAccount) {
    return issue(audience, new TokenReviewStatusBuilder().withAuthenticated(true).withAudiences(audience).withNewUser()
        .withUsername("system:serviceaccount:" + namespace + ":" + serviceAccount).endUser().build());
  }

  /** A token the API server does not accept (forged, expired, or its pod deleted). */
  public String rejected(String audience, String error) {
    return issue(audience, new TokenReviewStatusBuilder().withAuthenticated(false).withError(error).build());
  }

  public int reviews() {
    return reviews.get();
  }

  private String issue(String audience, TokenReviewStatus status) {
    String payload = "{\"aud\":[\"" + audience + "\"],\"jti\":\"" + UUID.randomUUID() + "\"}";
    String token = base64("{\"alg\":\"RS256\",\"kid\":\"test\"}") + "." + base64(payload) + "." + base64(UUID.randomUUID().toString());
    issued.put(token, new Issued(audience, status));
    return token;
  }

  private static String base64(String text) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private MockResponse answer(String body) {
    reviews.incrementAndGet();
    try {
      JsonNode spec = JSON.readTree(body).get("spec");
      String token = spec.get("token").asText();
      List<String> wanted = spec.has("audiences") ? List.of(JSON.treeToValue(spec.get("audiences"), String[].class)) : List.of();
      Issued known = issued.get(token);
      TokenReviewStatus status;
      if (known == null) {
        status = new TokenReviewStatusBuilder().withAuthenticated(false).withError("invalid bearer token").build();
      } else if (!wanted.isEmpty() && !wanted.contains(known.audience())) {
        status = new TokenReviewStatusBuilder().withAuthenticated(false)
            .withError("token audiences [\"" + known.audience() + "\"] is invalid for the target audiences " + wanted).build();
      } else {
        status = known.status();
      }
      TokenReview review = Serialization.unmarshal(body, TokenReview.class);
      review.setStatus(status);
      return new MockResponse().setResponseCode(201).setBody(Serialization.asJson(review));
    } catch (Exception e) {
      return new MockResponse().setResponseCode(400).setBody("{\"kind\":\"Status\",\"code\":400}");
    }
  }
}
