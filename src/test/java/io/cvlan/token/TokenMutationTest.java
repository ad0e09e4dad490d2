package io.cvlan.token;

import static io.cvlan.token.TokenFixtures.CODEC;
import static io.cvlan.token.TokenFixtures.FIXED;
import static io.cvlan.token.TokenFixtures.claims;
import static io.cvlan.token.TokenFixtures.keysOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** No single-character change of a valid token verifies, even with the original in the cache. */
class TokenMutationTest {
  private final KeyRing ring = TokenFixtures.ring();
  private final TokenVerifier verifier = new TokenVerifier(keysOf(ring), FIXED);
  private final String valid = CODEC.sign(claims(), ring.active());

  @BeforeEach
  void verifyTheOriginalOnce() throws Exception {
    assertThat(verifier.verify(valid)).isEqualTo(claims());
  }

  @Test
  void replacingAnyCharacterByAnyOtherPrintableCharacterNeverVerifies() {
    List<String> accepted = new ArrayList<>();
    for (int position = 0; position < valid.length(); position++) {
      for (char replacement = 0x20; replacement <= 0x7e; replacement++) {
        if (replacement == valid.charAt(position)) {
          continue;
        }
        String mutated = valid.substring(0, position) + replacement + valid.substring(position + 1);
        if (verifies(mutated)) {
          accepted.add("position " + position + " -> '" + replacement + "'");
        }
      }
    }

    assertThat(accepted).isEmpty();
  }

  @Test
  void deletingAnyCharacterNeverVerifies() {
    List<Integer> accepted = new ArrayList<>();
    for (int position = 0; position < valid.length(); position++) {
      if (verifies(valid.substring(0, position) + valid.substring(position + 1))) {
        accepted.add(position);
      }
    }

    assertThat(accepted).isEmpty();
  }

  @Test
  void appendingAnyPrintableCharacterNeverVerifies() {
    List<Character> accepted = new ArrayList<>();
    for (char appended = 0x20; appended <= 0x7e; appended++) {
      if (verifies(valid + appended)) {
        accepted.add(appended);
      }
    }

    assertThat(accepted).isEmpty();
  }

  private boolean verifies(String token) {
    try {
      verifier.verify(token);
      return true;
    } catch (InvalidTokenException refused) {
      return false;
    }
  }
}
