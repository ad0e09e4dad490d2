package io.cvlan.token;

/**
 * Why a token was refused. The wire code is stable (clients and logs match on it); the message is for
 * humans and never contains the token or key material, so both are safe to return and to log.
 */
public enum TokenError {
  TOO_LONG("too_long", "token is longer than " + TokenCodec.MAX_TOKEN_BYTES + " bytes"),
  NOT_PRINTABLE("not_printable", "token contains characters outside printable ASCII"),
  MALFORMED("malformed", "token is not three non-empty segments separated by dots"),
  MALFORMED_BASE64("malformed_base64", "token segment is not canonical unpadded base64url"),
  MALFORMED_JSON("malformed_json", "token header or payload is not a JSON object"),
  UNSUPPORTED_ALGORITHM("unsupported_algorithm",
      "token algorithm is not EdDSA, or its header demands critical extensions"),
  MISSING_KID("missing_kid", "token header does not name its signing key (kid)"),
  UNKNOWN_KID("unknown_kid", "token is signed by a key that is unknown or was removed"),
  BAD_SIGNATURE("bad_signature", "token signature does not verify"),
  MISSING_CLAIM("missing_claim", "token lacks a required claim"),
  INVALID_CLAIM("invalid_claim", "token has an invalid claim"),
  EXPIRED("expired", "token has expired"),
  NOT_YET_VALID("not_yet_valid", "token is not valid yet: it was created in the future");

  private final String code;
  private final String message;

  TokenError(String code, String message) {
    this.code = code;
    this.message = message;
  }

  /** Stable lowercase code, e.g. {@code bad_signature}. */
  public String code() {
    return code;
  }

  /** Human-readable explanation; never mentions the token's content. */
  public String message() {
    return message;
  }
}
