package io.cvlan.model;

import io.cvlan.api.v1alpha1.RegistrationToken;
import java.util.Map;
import java.util.Optional;

/**
 * How often a token was used. The count lives in annotations of the RegistrationToken, written by the
 * registration API with updates guarded by the resourceVersion (a stale write gets 409 and is retried), so
 * concurrent registrations can never both take the last use. The reconciler only mirrors it into status:
 * a status patch carries no resourceVersion and must never be the place where uses are counted.
 */
public final class TokenUsage {
  public static final String USES = "cvlan.io/uses";
  public static final String LAST_USED_AT = "cvlan.io/last-used-at";

  private TokenUsage() {}

  /** The uses so far; an unreadable count fails closed (as if every use were spent). */
  public static int uses(RegistrationToken token) {
    String value = annotations(token).get(USES);
    if (value == null) {
      return 0;
    }
    try {
      return Math.max(0, Integer.parseInt(value.trim()));
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE;
    }
  }

  public static Optional<String> lastUsedAt(RegistrationToken token) {
    return Optional.ofNullable(annotations(token).get(LAST_USED_AT));
  }

  private static Map<String, String> annotations(RegistrationToken token) {
    Map<String, String> a = token.getMetadata().getAnnotations();
    return a == null ? Map.of() : a;
  }
}
