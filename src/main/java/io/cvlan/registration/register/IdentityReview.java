package io.cvlan.registration.register;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.cvlan.registration.http.ApiException;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a projected ServiceAccount token with a TokenReview (audience {@value #AUDIENCE}) and answers the
 * pod it is bound to. Results are kept briefly, keyed by the token's SHA-256 — never the token — so that an
 * agent's retries and a fleet of pods starting at once cost one review per token, while a revoked token
 * (its pod deleted) is refused again within {@link #KEEP_ACCEPTED}.
 */
final class IdentityReview {
  static final String AUDIENCE = "cvlan.io";
  static final String POD_NAME = "authentication.kubernetes.io/pod-name";
  static final String POD_UID = "authentication.kubernetes.io/pod-uid";
  static final Duration KEEP_ACCEPTED = Duration.ofSeconds(30);
  static final Duration KEEP_REFUSED = Duration.ofSeconds(5);
  /** A projected token is a JWT of about a kilobyte; anything far larger is not one. */
  static final int MAX_LENGTH = 8192;
  private static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";
  private static final ObjectMapper JSON = new ObjectMapper();

  private sealed interface Outcome {
    record Accepted(ReviewedPod pod) implements Outcome {}

    record Refused(ApiException error) implements Outcome {}
  }

  private final KubernetesClient client;
  private final Cache<String, Outcome> outcomes;

  IdentityReview(KubernetesClient client, Clock clock) {
    this.client = client;
    this.outcomes = Caffeine.newBuilder().maximumSize(100_000).ticker(() -> {
      var now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }).expireAfter(new Expiry<String, Outcome>() {
      @Override
      public long expireAfterCreate(String key, Outcome value, long currentTime) {
        return (value instanceof Outcome.Accepted ? KEEP_ACCEPTED : KEEP_REFUSED).toNanos();
      }

      @Override
      public long expireAfterUpdate(String key, Outcome value, long currentTime, long currentDuration) {
        return expireAfterCreate(key, value, currentTime);
      }

      @Override
      public long expireAfterRead(String key, Outcome value, long currentTime, long currentDuration) {
        return currentDuration;
      }
    }).build();
  }

  /** The pod {@code identityToken} is bound to; 401 or 403 with a specific code otherwise. */
  ReviewedPod review(String identityToken) {
    if (identityToken.length() > MAX_LENGTH || !identityToken.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw ApiException.malformed("identity_token must be a ServiceAccount token (a JWT of printable ASCII, at most "
          + MAX_LENGTH + " characters)");
    }
    Outcome outcome = outcomes.get(Digests.sha256Hex(identityToken), key -> decide(identityToken));
    if (outcome instanceof Outcome.Refused refused) {
      throw refused.error();
    }
    return ((Outcome.Accepted) outcome).pod();
  }

  private Outcome decide(String identityToken) {
    try {
      return new Outcome.Accepted(reviewed(identityToken));
    } catch (ApiException e) {
      return new Outcome.Refused(e);
    }
  }

  private ReviewedPod reviewed(String identityToken) {
    // Read without verification, only to say clearly what is wrong: the TokenReview decides.
    List<String> audiences = unverifiedAudiences(identityToken);
    if (!audiences.isEmpty() && !audiences.contains(AUDIENCE)) {
      throw ApiException.unauthorized("identity_wrong_audience", "the identity token is for audience " + audiences
          + ", not " + AUDIENCE + "; project it with audience: " + AUDIENCE);
    }
    TokenReview review = client.authentication().v1().tokenReviews().create(new TokenReviewBuilder().withNewSpec()
        .withToken(identityToken).withAudiences(AUDIENCE).endSpec().build());
    TokenReviewStatus status = Optional.ofNullable(review.getStatus()).orElseGet(TokenReviewStatus::new);
    if (!Boolean.TRUE.equals(status.getAuthenticated())) {
      throw ApiException.unauthorized("identity_unauthenticated", "the Kubernetes API server did not authenticate the identity "
          + "token" + Optional.ofNullable(status.getError()).filter(e -> !e.isBlank()).map(e -> ": " + shorten(e)).orElse(""));
    }
    if (status.getAudiences() != null && !status.getAudiences().isEmpty() && !status.getAudiences().contains(AUDIENCE)) {
      throw ApiException.unauthorized("identity_wrong_audience", "the identity token is not valid for audience " + AUDIENCE);
    }
    UserInfo user = Optional.ofNullable(status.getUser()).orElseGet(UserInfo::new);
    String[] account = Optional.ofNullable(user.getUsername()).filter(u -> u.startsWith(SERVICE_ACCOUNT_PREFIX))
        .map(u -> u.substring(SERVICE_ACCOUNT_PREFIX.length()).split(":", -1)).filter(parts -> parts.length == 2)
        .orElseThrow(() -> ApiException.forbidden("not_a_service_account", "the identity token belongs to "
            + Optional.ofNullable(user.getUsername()).orElse("nobody") + ", not to a ServiceAccount"));
    Map<String, List<String>> extra = Optional.ofNullable(user.getExtra()).orElse(Map.of());
    Optional<String> podName = only(extra.get(POD_NAME));
    Optional<String> podUid = only(extra.get(POD_UID));
    if (podName.isEmpty() || podUid.isEmpty()) {
      throw ApiException.forbidden("identity_not_bound_to_pod", "the identity token of ServiceAccount " + account[0] + "/"
          + account[1] + " is not bound to a pod; mount a projected serviceAccountToken volume in the pod");
    }
    return new ReviewedPod(account[0], account[1], podName.get(), podUid.get());
  }

  private static Optional<String> only(List<String> values) {
    return values == null || values.size() != 1 || values.get(0).isBlank() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** The API server's reason, which names no credential; kept short for the answer. */
  private static String shorten(String error) {
    return error.length() <= 200 ? error : error.substring(0, 200) + "...";
  }

  /** The {@code aud} claim of a JWT, unverified; empty when it is not a readable JWT (the review will say). */
  static List<String> unverifiedAudiences(String jwt) {
    String[] parts = jwt.split("\\.", -1);
    if (parts.length != 3) {
      return List.of();
    }
    try {
      JsonNode aud = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)).get("aud");
      if (aud == null) {
        return List.of();
      }
      return aud.isArray() ? java.util.stream.StreamSupport.stream(aud.spliterator(), false).map(JsonNode::asText).toList()
          : List.of(aud.asText());
    } catch (Exception e) {
      return List.of();
    }
  }
}
