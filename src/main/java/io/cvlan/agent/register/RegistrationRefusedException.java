package io.cvlan.agent.register;

/** The server refused the registration for good (400/401/403/409) or retries ran out; carries its message. */
public final class RegistrationRefusedException extends Exception {
  private final int status;
  private final String code;

  public RegistrationRefusedException(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
