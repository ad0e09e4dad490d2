package io.cvlan.token;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The payload of a registration token.
 *
 * <p>Timestamps are truncated to whole seconds because that is what the token carries (RFC 3339 without a
 * fraction keeps the token short); truncating here keeps sign → parse an exact round trip.
 */
public record TokenClaims(
    String tenantId,
    String cvlanId,
    String tokenId,
    TokenKind kind,
    Instant createdAt,
    Instant expiresAt) {

  public TokenClaims {
    requireText(tenantId, "tenantId");
    requireText(cvlanId, "cvlanId");
    requireText(tokenId, "tokenId");
    Objects.requireNonNull(kind, "kind is required");
    createdAt = Objects.requireNonNull(createdAt, "createdAt is required").truncatedTo(ChronoUnit.SECONDS);
    expiresAt = Objects.requireNonNull(expiresAt, "expiresAt is required").truncatedTo(ChronoUnit.SECONDS);
  }

  private static void requireText(String value, String name) {
    Objects.requireNonNull(value, () -> name + " is required");
    if (value.isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
  }
}
