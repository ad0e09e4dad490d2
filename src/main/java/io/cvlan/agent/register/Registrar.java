package io.cvlan.agent.register;

import com.fasterxml.jackson.databind.JsonNode;
import io.cvlan.registration.client.RegistrationHttpClient;
import io.cvlan.registration.protocol.Json;
import io.cvlan.registration.protocol.RegisterRequest;
import io.cvlan.registration.protocol.RegisterResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers with the retry table of DESIGN §6: network errors and 5xx back off exponentially, 429 (and a
 * 503 that says when) waits for {@code Retry-After}, 400/401/403/409 fail at once with the server's
 * message. Every attempt carries a fresh nonce (the server refuses a replayed one).
 */
public final class Registrar {
  private static final Logger log = LoggerFactory.getLogger(Registrar.class);

  /** One POST of the registration request. */
  @FunctionalInterface
  public interface Transport {
    RegistrationHttpClient.Reply post(RegisterRequest request) throws IOException, InterruptedException;
  }

  /** Waits; tests pass one that only records. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final Transport transport;
  private final Backoff backoff;
  private final Clock clock;
  private final Sleeper sleeper;
  private final RandomGenerator random;

  public Registrar(Transport transport, Backoff backoff, Clock clock, Sleeper sleeper, RandomGenerator random) {
    this.transport = transport;
    this.backoff = backoff;
    this.clock = clock;
    this.sleeper = sleeper;
    this.random = random;
  }

  /** {@code requests} yields the request with a fresh nonce for each attempt. */
  public RegisterResponse register(Supplier<RegisterRequest> requests) throws RegistrationRefusedException, InterruptedException {
    Instant giveUpAt = clock.instant().plus(backoff.total());
    String lastProblem = "no attempt made";
    for (int attempt = 0; ; attempt++) {
      Duration wait;
      try {
        RegistrationHttpClient.Reply reply = transport.post(requests.get());
        int status = reply.status();
        if (status == 200 || status == 201) {
          return reply.as(RegisterResponse.class);
        }
        String code = field(reply, "error").orElse("http_" + status);
        String message = field(reply, "message").orElse("HTTP " + status);
        if (status == 400 || status == 401 || status == 403 || status == 409 || status == 413) {
          throw new RegistrationRefusedException(status, code, "registration refused (" + status + " " + code + "): " + message);
        }
        lastProblem = status + " " + code + ": " + message;
        Optional<Duration> retryAfter = reply.header("Retry-After").flatMap(Registrar::seconds);
        wait = status == 429 || (status == 503 && retryAfter.isPresent())
            ? retryAfter.orElse(backoff.delay(attempt, random)) : backoff.delay(attempt, random);
      } catch (IOException e) {
        lastProblem = "network error (" + e.getClass().getSimpleName() + ")";
        wait = backoff.delay(attempt, random);
      }
      if (clock.instant().plus(wait).isAfter(giveUpAt)) {
        throw new RegistrationRefusedException(0, "gave_up", "registration did not succeed within " + backoff.total()
            + "; last problem: " + lastProblem);
      }
      log.info("registration attempt={} failed problem=\"{}\" retryIn={}ms", attempt + 1, lastProblem, wait.toMillis());
      sleeper.sleep(wait);
    }
  }

  private static Optional<String> field(RegistrationHttpClient.Reply reply, String name) {
    try {
      JsonNode json = Json.MAPPER.readTree(reply.body());
      return Optional.ofNullable(json).map(j -> j.get(name)).map(JsonNode::asText);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<Duration> seconds(String header) {
    try {
      return Optional.of(Duration.ofSeconds(Long.parseLong(header.strip())));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
