package io.cvlan.token;

import java.util.Optional;

/** Who a registration token admits: an ordinary node, or a VRouter. */
public enum TokenKind {
  CLIENT("Client"),
  VROUTER("VRouter");

  private final String wireValue;

  TokenKind(String wireValue) {
    this.wireValue = wireValue;
  }

  /** The value of the {@code kind} claim, spelled like the RegistrationToken's {@code spec.kind}. */
  public String wireValue() {
    return wireValue;
  }

  /** The kind with exactly this wire value; case matters, since the value is part of a signed payload. */
  public static Optional<TokenKind> parse(String wireValue) {
    for (TokenKind kind : values()) {
      if (kind.wireValue.equals(wireValue)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }
}
