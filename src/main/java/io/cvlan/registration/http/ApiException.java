package io.cvlan.registration.http;

import java.time.Duration;
import java.util.Optional;

/**
 * A refusal of the registration API: HTTP status, stable error code and a message telling the caller what
 * to do. Messages never carry tokens, keys or nonces.
 */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String code;
  private final Duration retryAfter;

  public ApiException(int status, String code, String message) {
    this(status, code, message, null);
  }

  public ApiException(int status, String code, String message, Duration retryAfter) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  public static ApiException malformed(String message) {
    return new ApiException(400, "malformed", message);
  }

  public static ApiException unauthorized(String code, String message) {
    return new ApiException(401, code, message);
  }

  public static ApiException forbidden(String code, String message) {
    return new ApiException(403, code, message);
  }

  public static ApiException conflict(String code, String message) {
    return new ApiException(409, code, message);
  }

  public static ApiException unavailable(String code, String message, Duration retryAfter) {
    return new ApiException(503, code, message, retryAfter);
  }
}
