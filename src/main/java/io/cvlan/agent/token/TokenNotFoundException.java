package io.cvlan.agent.token;

import java.util.List;

/** No usable token anywhere: the message lists every source tried and why each gave nothing. */
public final class TokenNotFoundException extends Exception {
  private final List<String> attempts;

  public TokenNotFoundException(List<String> attempts) {
    super("no registration token found; tried, in order: " + String.join("; ", attempts));
    this.attempts = List.copyOf(attempts);
  }

  public List<String> attempts() {
    return attempts;
  }
}
