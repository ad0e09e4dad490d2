package io.cvlan.registration;

import io.cvlan.registration.http.RequestValidation;
import io.cvlan.registration.http.ApiException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cvlan.registration.protocol.EndpointDto;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The field checks every endpoint shares: each refusal is a 400 naming the field, never quoting the value. */
class RequestValidationTest {
  static void refused(Runnable check, String field) {
    assertThatThrownBy(check::run).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.code()).isEqualTo("malformed");
      assertThat(e.getMessage()).contains(field);
    });
  }

  @Test
  void wireGuardKeyIsBase64OfExactly32Bytes() {
    String key = Base64.getEncoder().encodeToString(new byte[32]);
    assertThat(RequestValidation.publicKey(key)).isEqualTo(key);
    refused(() -> RequestValidation.publicKey(Base64.getEncoder().encodeToString(new byte[31])), "public_key must be base64 of 32 bytes");
    refused(() -> RequestValidation.publicKey(Base64.getEncoder().encodeToString(new byte[33])), "public_key");
    refused(() -> RequestValidation.publicKey("not base64!"), "public_key");
    refused(() -> RequestValidation.publicKey(null), "public_key");
  }

  @Test
  void nonceIs64LowercaseHexCharacters() {
    assertThat(RequestValidation.nonce("ab".repeat(32))).isEqualTo("ab".repeat(32));
    refused(() -> RequestValidation.nonce("AB".repeat(32)), "nonce");
    refused(() -> RequestValidation.nonce("ab".repeat(31)), "nonce");
    refused(() -> RequestValidation.nonce(null), "nonce");
  }

  @Test
  void macIsSixColonSeparatedHexPairs() {
    assertThat(RequestValidation.mac("02:00:5e:AA:bb:cc")).isEqualTo("02:00:5e:AA:bb:cc");
    refused(() -> RequestValidation.mac("02-00-5e-aa-bb-cc"), "mac");
    refused(() -> RequestValidation.mac("02:00:5e:aa:bb"), "mac");
  }

  @ParameterizedTest
  @ValueSource(strings = {"laptop", "web-1.example.com", "A1"})
  void hostnamesOfRfc1123LabelsAreAccepted(String hostname) {
    assertThat(RequestValidation.hostname(hostname)).isEqualTo(hostname);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-web", "web-", "a..b", "under_score", "spa ce"})
  void otherHostnamesAreRefused(String hostname) {
    refused(() -> RequestValidation.hostname(hostname), "hostname");
  }

  @Test
  void hostnameIsAtMost253Characters() {
    String label = "a".repeat(63);
    refused(() -> RequestValidation.hostname(String.join(".", label, label, label, label)), "hostname");
  }

  @Test
  void endpointsAreAtMostSixteenWithAHostAndAValidPort() {
    assertThat(RequestValidation.endpoints(null)).isEmpty();
    refused(() -> RequestValidation.endpoints(Collections.nCopies(17, new EndpointDto("h", 1))), "endpoints");
    refused(() -> RequestValidation.endpoints(List.of(new EndpointDto("", 51820))), "endpoints[0].host");
    refused(() -> RequestValidation.endpoints(List.of(new EndpointDto("h", 1), new EndpointDto("h", 65536))), "endpoints[1].port");
    refused(() -> RequestValidation.endpoints(List.of(new EndpointDto("h", null))), "endpoints[0].port");
  }

  @Test
  void tokenIsNonEmptyPrintableAsciiOfAtMost512Bytes() {
    assertThat(RequestValidation.token("a.b.c")).isEqualTo("a.b.c");
    refused(() -> RequestValidation.token(""), "token");
    refused(() -> RequestValidation.token("a".repeat(513)), "token");
    refused(() -> RequestValidation.token("a.b.c\n"), "token");
    refused(() -> RequestValidation.token("a.b.é"), "token");
  }

  @Test
  void refusalsNeverQuoteTheValue() {
    assertThatThrownBy(() -> RequestValidation.token("secret-token-value\n")).hasMessageNotContaining("secret-token-value");
  }
}
