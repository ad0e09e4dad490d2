package io.cvlan.token;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class TokenKindTest {

  @ParameterizedTest
  @EnumSource(TokenKind.class)
  void parseReadsTheWireValueBack(TokenKind kind) {
    assertThat(TokenKind.parse(kind.wireValue())).contains(kind);
  }

  @Test
  void wireValuesAreSpelledLikeTheCustomResource() {
    assertThat(TokenKind.CLIENT.wireValue()).isEqualTo("Client");
    assertThat(TokenKind.VROUTER.wireValue()).isEqualTo("VRouter");
  }

  @ParameterizedTest
  @ValueSource(strings = {"client", "VROUTER", "CLIENT", "Admin", ""})
  void parseRefusesAnythingElseIncludingOtherCase(String wireValue) {
    assertThat(TokenKind.parse(wireValue)).isEmpty();
  }
}
