package io.cvlan.operator.token;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * What the expiry a RegistrationToken's spec asks for means for the token already issued: an issued token's
 * expiry never moves later (DESIGN §3), whatever the spec says now, because a spec edit must not turn a
 * day-long credential already handed out into a ten-year one. It may move earlier: cutting a credential's
 * life short takes access away, which whoever may edit the spec may do anyway by deleting it.
 * Compared in whole seconds, as the token carries them.
 */
public sealed interface ExpiryChange {
  /** When the token is to expire. */
  Instant expiresAt();

  /** No token was issued yet: the spec's expiry applies. */
  record NothingIssued(Instant expiresAt) implements ExpiryChange {}

  /** The spec asks for the expiry already issued. */
  record Unchanged(Instant expiresAt) implements ExpiryChange {}

  /** The spec asks for an earlier expiry than the one issued: granted, the token is re-signed. */
  record Shortened(Instant expiresAt, Instant issued) implements ExpiryChange {}

  /** The spec asks for a later expiry than the one issued: refused, the issued expiry stays. */
  record ExtensionRefused(Instant expiresAt, Instant wanted) implements ExpiryChange {}

  static ExpiryChange of(Instant wanted, Optional<Instant> issued) {
    Instant asked = wanted.truncatedTo(ChronoUnit.SECONDS);
    if (issued.isEmpty()) {
      return new NothingIssued(asked);
    }
    Instant given = issued.get().truncatedTo(ChronoUnit.SECONDS);
    int order = asked.compareTo(given);
    if (order == 0) {
      return new Unchanged(given);
    }
    return order < 0 ? new Shortened(asked, given) : new ExtensionRefused(given, asked);
  }
}
