package io.cvlan.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorMessagesTest {
  @Test
  void messageIsTheExceptionsMessage() {
    assertThat(ErrorMessages.of(new IllegalStateException("signing key Secret t1/cvlan-signing-keys disappeared")))
        .isEqualTo("signing key Secret t1/cvlan-signing-keys disappeared");
  }

  @Test
  void exceptionWithoutAMessageIsNamedByItsType() {
    assertThat(ErrorMessages.of(new NullPointerException())).isEqualTo("NullPointerException");
  }

  @Test
  void tokenInAMessageIsRedacted() {
    String message = ErrorMessages.of(new IllegalStateException("cannot write eyJhbGciOiJFZERTQSJ9.eyJ0ZW5hbnRfaWQiOiJ0MSJ9.c2lnbmF0dXJl now"));

    assertThat(message).isEqualTo("cannot write [token redacted] now").doesNotContain("eyJ");
  }

  @Test
  void privateKeyInAMessageIsRedacted() {
    String message = ErrorMessages.of(new IllegalStateException(
        "bad data: -----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI\n-----END PRIVATE KEY----- in Secret"));

    assertThat(message).isEqualTo("bad data: [private key redacted] in Secret");
  }
}
