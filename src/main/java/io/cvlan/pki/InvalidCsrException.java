package io.cvlan.pki;

/** A certificate signing request the CA refuses; the message says why, for the agent's operator. */
public class InvalidCsrException extends Exception {
  public InvalidCsrException(String message) {
    super(message);
  }

  public InvalidCsrException(String message, Throwable cause) {
    super(message, cause);
  }
}
