package io.cvlan.model;

import io.cvlan.api.v1alpha1.RegistrationToken;
import io.fabric8.kubernetes.api.model.Duration;
import java.text.ParseException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * When a token expires: spec.expiresAt, or its creation time plus spec.ttl (24 h when neither is set).
 * Derived from the resource alone, so every reconcile computes the same instant and never re-signs.
 */
public final class TokenLifetime {
  public static final java.time.Duration DEFAULT_TTL = java.time.Duration.ofHours(24);

  public sealed interface Result {
    record Valid(Instant expiresAt) implements Result {}

    record Invalid(String message) implements Result {}
  }

  private TokenLifetime() {}

  public static Result expiresAt(RegistrationToken token) {
    var spec = token.getSpec();
    if (spec.getExpiresAt() != null && spec.getTtl() != null) {
      return new Result.Invalid("set expiresAt or ttl, not both");
    }
    if (spec.getExpiresAt() != null) {
      try {
        return new Result.Valid(OffsetDateTime.parse(spec.getExpiresAt()).toInstant());
      } catch (DateTimeParseException e) {
        return new Result.Invalid("expiresAt \"" + spec.getExpiresAt() + "\" is not an RFC 3339 time (e.g. 2030-01-31T12:00:00Z)");
      }
    }
    Instant created = Instant.parse(token.getMetadata().getCreationTimestamp());
    if (spec.getTtl() == null) {
      return new Result.Valid(created.plus(DEFAULT_TTL));
    }
    try {
      java.time.Duration ttl = Duration.parse(spec.getTtl()).getDuration();
      if (ttl.isZero() || ttl.isNegative()) {
        return new Result.Invalid("ttl \"" + spec.getTtl() + "\" must be positive");
      }
      return new Result.Valid(created.plus(ttl));
    } catch (ParseException | RuntimeException e) {
      return new Result.Invalid("ttl \"" + spec.getTtl() + "\" is not a duration (e.g. 24h, 90m, 720h)");
    }
  }
}
