package io.cvlan.token;

import java.util.Optional;

/**
 * A token was refused. Checked, because refusing a token is an expected outcome every caller must map to a
 * response. {@link #getMessage()} is safe to log: it names at most a claim, never a value.
 */
public final class InvalidTokenException extends Exception {
  private static final long serialVersionUID = 1L;

  private final TokenError error;
  private final String claim;

  public InvalidTokenException(TokenError error) {
    this(error, null);
  }

  /** {@code claim} is one of the codec's fixed claim names, never text taken from a token. */
  InvalidTokenException(TokenError error, String claim) {
    // No stack trace: refusals are routine and can arrive in floods; the error code says everything.
    super(claim == null ? error.message() : error.message() + ": " + claim, null, false, false);
    this.error = error;
    this.claim = claim;
  }

  public TokenError error() {
    return error;
  }

  /** The claim at fault, for {@link TokenError#MISSING_CLAIM} and {@link TokenError#INVALID_CLAIM}. */
  public Optional<String> claim() {
    return Optional.ofNullable(claim);
  }
}
