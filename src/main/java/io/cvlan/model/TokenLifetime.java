package io.cvlan.model;

import io.cvlan.api.v1alpha1.RegistrationToken;
import io.cvlan.api.v1alpha1.SpecDuration;
import io.cvlan.api.v1alpha1.Validation;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * When a token expires: spec.expiresAt, or its creation time plus spec.ttl (24 h when neither is set).
 * Derived from the resource alone, so every reconcile computes the same instant and never re-signs.
 * Once a token is issued its expiry never moves later ({@link #enforced}), whatever the spec says after.
 */
public final class TokenLifetime {
  public static final java.time.Duration DEFAULT_TTL = java.time.Duration.ofHours(24);
  private static final Pattern RFC3339 = Pattern.compile(Validation.RFC3339);

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
      // The schema's pattern first: OffsetDateTime alone also reads times without seconds (12:00Z).
      try {
        if (RFC3339.matcher(spec.getExpiresAt()).matches()) {
          return new Result.Valid(OffsetDateTime.parse(spec.getExpiresAt()).toInstant());
        }
      } catch (DateTimeParseException e) {
        // 2030-02-30: the pattern's shape, not a real time.
      }
      return new Result.Invalid("expiresAt \"" + spec.getExpiresAt() + "\" is not an RFC 3339 time (e.g. 2030-01-31T12:00:00Z)");
    }
    Instant created = Instant.parse(token.getMetadata().getCreationTimestamp());
    if (spec.getTtl() == null) {
      return new Result.Valid(created.plus(DEFAULT_TTL));
    }
    try {
      java.time.Duration ttl = SpecDuration.parse(spec.getTtl());
      if (ttl.isZero() || ttl.isNegative()) {
        return new Result.Invalid("ttl \"" + spec.getTtl() + "\" must be positive");
      }
      return new Result.Valid(created.plus(ttl));
    } catch (IllegalArgumentException e) {
      return new Result.Invalid("ttl \"" + spec.getTtl() + "\" is not a duration (e.g. 24h, 90m, 720h)");
    }
  }

  /**
   * The expiry the operator recorded when it issued the token: status.expiresAt, counted only beside
   * status.signingKeyId, which is written once a token is signed (before that, status.expiresAt only
   * mirrors the spec). Empty before the first token, or when the status is unreadable.
   */
  public static Optional<Instant> issued(RegistrationToken token) {
    var status = token.getStatus();
    if (status == null || status.getSigningKeyId() == null || status.getExpiresAt() == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(status.getExpiresAt()));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * The expiry to hold a token to: the spec's, but never later than the one issued — a spec edited after
   * issue (ttl added where there was none) must not revive or prolong a credential already handed out.
   */
  public static Result enforced(RegistrationToken token) {
    Result spec = expiresAt(token);
    if (spec instanceof Result.Valid valid) {
      return issued(token).filter(i -> i.isBefore(valid.expiresAt())).<Result>map(Result.Valid::new).orElse(spec);
    }
    return spec;
  }
}
