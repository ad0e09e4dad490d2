package io.cvlan.operator.status;

import java.util.regex.Pattern;

/**
 * What a failed reconcile may say in a condition everyone with read access sees: the exception's message,
 * with anything shaped like a token or a private key blanked out, should one ever end up in a message.
 */
final class ErrorMessages {
  private static final Pattern COMPACT_JWS = Pattern.compile("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
  private static final Pattern PRIVATE_KEY = Pattern.compile(
      "-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(-----END [A-Z ]*PRIVATE KEY-----|$)", Pattern.DOTALL);

  private ErrorMessages() {}

  static String of(Exception e) {
    String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    message = PRIVATE_KEY.matcher(message).replaceAll("[private key redacted]");
    return COMPACT_JWS.matcher(message).replaceAll("[token redacted]");
  }
}
