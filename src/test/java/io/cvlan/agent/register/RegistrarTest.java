package io.cvlan.agent.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cvlan.registration.client.RegistrationHttpClient;
import io.cvlan.registration.protocol.RegisterRequest;
import io.cvlan.testing.TestClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RegistrarTest {
  private final TestClock clock = new TestClock();
  private final List<Duration> sleeps = new ArrayList<>();
  private final Deque<Object> answers = new ArrayDeque<>();
  private final AtomicInteger nonces = new AtomicInteger();

  private static RegistrationHttpClient.Reply reply(int status, String body, Map<String, List<String>> headers) {
    return new RegistrationHttpClient.Reply(status, body.getBytes(StandardCharsets.UTF_8), headers);
  }

  private static RegistrationHttpClient.Reply ok() {
    return reply(201, "{\"node_id\":\"laptop-1\",\"ipv4\":\"10.0.0.2\",\"version\":3}", Map.of());
  }

  private static RegistrationHttpClient.Reply error(int status, String code) {
    return reply(status, "{\"error\":\"" + code + "\",\"message\":\"what to do about " + code + "\"}", Map.of());
  }

  private Registrar registrar() {
    Registrar.Transport transport = request -> {
      Object next = answers.removeFirst();
      if (next instanceof IOException e) {
        throw e;
      }
      return (RegistrationHttpClient.Reply) next;
    };
    return new Registrar(transport, Backoff.DEFAULT, clock, d -> {
      sleeps.add(d);
      clock.advance(d);
    }, new SplittableRandom(7));
  }

  private RegisterRequest freshRequest() {
    return new RegisterRequest("token", "key", "02:00:00:00:00:01", "nonce-" + nonces.incrementAndGet(), "laptop", "linux", "1",
        List.of(), null, null, null);
  }

  @Test
  void firstSuccessReturnsTheIdentityWithoutWaiting() throws Exception {
    answers.add(ok());

    assertThat(registrar().register(this::freshRequest).nodeId()).isEqualTo("laptop-1");
    assertThat(sleeps).isEmpty();
  }

  @Test
  void networkErrorsAndServerErrorsBackOffExponentially() throws Exception {
    answers.add(new IOException("connection refused"));
    answers.add(error(500, "internal"));
    answers.add(error(502, "bad_gateway"));
    answers.add(ok());

    registrar().register(this::freshRequest);

    assertThat(sleeps).hasSize(3);
    assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(750), Duration.ofMillis(1250));
    assertThat(sleeps.get(1)).isBetween(Duration.ofMillis(1500), Duration.ofMillis(2500));
    assertThat(sleeps.get(2)).isBetween(Duration.ofMillis(3000), Duration.ofMillis(5000));
  }

  @Test
  void tooManyRequestsWaitsForRetryAfter() throws Exception {
    answers.add(reply(429, "{\"error\":\"rate_limited\",\"message\":\"slow down\"}", Map.of("Retry-After", List.of("7"))));
    answers.add(ok());

    registrar().register(this::freshRequest);

    assertThat(sleeps).containsExactly(Duration.ofSeconds(7));
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 409})
  void clientErrorsFailAtOnceWithTheServersMessage(int status) {
    answers.add(error(status, "refused_" + status));

    assertThatThrownBy(() -> registrar().register(this::freshRequest))
        .isInstanceOf(RegistrationRefusedException.class)
        .hasMessageContaining("what to do about refused_" + status);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void retriesStopAfterFiveMinutesWithTheLastProblem() {
    for (int i = 0; i < 100; i++) {
      answers.add(error(503, "cvlan_not_ready"));
    }

    assertThatThrownBy(() -> registrar().register(this::freshRequest))
        .isInstanceOf(RegistrationRefusedException.class)
        .hasMessageContaining("within PT5M")
        .hasMessageContaining("cvlan_not_ready");
    assertThat(sleeps.stream().reduce(Duration.ZERO, Duration::plus)).isLessThanOrEqualTo(Duration.ofMinutes(5));
    assertThat(sleeps).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(75)));
  }

  @Test
  void everyAttemptCarriesAFreshNonce() throws Exception {
    answers.add(error(500, "internal"));
    answers.add(ok());

    registrar().register(this::freshRequest);

    assertThat(nonces.get()).isEqualTo(2);
  }

  @Test
  void backoffIsCappedAtSixtySecondsPlusJitter() {
    SplittableRandom random = new SplittableRandom(1);
    for (int attempt = 6; attempt < 40; attempt++) {
      assertThat(Backoff.DEFAULT.delay(attempt, random)).isBetween(Duration.ofSeconds(45), Duration.ofSeconds(75));
    }
  }
}
