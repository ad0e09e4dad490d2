package io.cvlan.registration.poll;

import io.cvlan.registration.http.ApiException;
import io.cvlan.registration.protocol.EndpointDto;
import io.cvlan.registration.protocol.PollRequest;
import java.time.Duration;
import java.util.regex.Pattern;

/** Checks a poll body before anything is looked up; every refusal names the field. */
final class PollValidation {
  static final int MAX_ENDPOINTS = 16;
  private static final Pattern NONCE = Pattern.compile("^[0-9a-fA-F]{64}$");
  private static final Pattern MAC = Pattern.compile("^[0-9a-fA-F]{2}([:-][0-9a-fA-F]{2}){5}$");

  private PollValidation() {}

  static void check(PollRequest poll, boolean macRequired) {
    if (poll.nonce() == null || !NONCE.matcher(poll.nonce()).matches()) {
      throw ApiException.malformed("field nonce must be 32 random bytes as 64 hex characters, fresh for every poll");
    }
    if (poll.mac() == null ? macRequired : !MAC.matcher(poll.mac()).matches()) {
      throw ApiException.malformed("field mac must be a MAC address like 02:42:ac:11:00:02");
    }
    if (poll.endpoints().size() > MAX_ENDPOINTS) {
      throw ApiException.malformed("field endpoints has more than " + MAX_ENDPOINTS + " entries");
    }
    for (int i = 0; i < poll.endpoints().size(); i++) {
      EndpointDto e = poll.endpoints().get(i);
      if (e == null || e.host() == null || e.host().isBlank() || e.host().length() > 253) {
        throw ApiException.malformed("field endpoints[" + i + "].host must be a host name or address");
      }
      if (e.port() == null || e.port() < 1 || e.port() > 65535) {
        throw ApiException.malformed("field endpoints[" + i + "].port must be between 1 and 65535");
      }
    }
    if (poll.lastSeenVersion() != null && poll.lastSeenVersion() < 0) {
      throw ApiException.malformed("field last_seen_version must not be negative");
    }
    if (poll.waitSeconds() != null && poll.waitSeconds() < 0) {
      throw ApiException.malformed("field wait_seconds must not be negative");
    }
  }

  /** wait_seconds, capped at a minute: a longer wait only ties up a connection through proxies' idle timeouts. */
  static Duration waitOf(PollRequest poll) {
    int seconds = poll.waitSeconds() == null ? 0 : poll.waitSeconds();
    return Duration.ofSeconds(Math.min(seconds, VersionWatch.MAX_WAIT.toSeconds()));
  }
}
