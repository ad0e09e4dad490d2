package io.cvlan.registration.http;

import io.cvlan.registration.protocol.EndpointDto;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Field checks shared by every endpoint (register, poll). Each throws {@link ApiException#malformed} with a
 * message naming the field and what a valid value looks like — never quoting the value, since some of them
 * (tokens, nonces) are secrets.
 */
public final class RequestValidation {
  public static final int WIREGUARD_KEY_BYTES = 32;
  public static final int MAX_TOKEN_BYTES = 512;
  public static final int MAX_ENDPOINTS = 16;
  public static final int MAX_HOST_LENGTH = 253;
  private static final Pattern NONCE = Pattern.compile("^[0-9a-f]{64}$");
  private static final Pattern MAC = Pattern.compile("^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$");
  private static final Pattern LABEL = Pattern.compile("^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$");

  private RequestValidation() {}

  /** A WireGuard public key: standard base64 of exactly 32 bytes. */
  public static String publicKey(String value) {
    String message = "public_key must be base64 of 32 bytes (a WireGuard key)";
    if (value == null || value.isEmpty()) {
      throw ApiException.malformed(message);
    }
    try {
      if (Base64.getDecoder().decode(value).length != WIREGUARD_KEY_BYTES) {
        throw ApiException.malformed(message);
      }
    } catch (IllegalArgumentException e) {
      throw ApiException.malformed(message);
    }
    return value;
  }

  /** 32 random bytes as 64 lowercase hex characters. */
  public static String nonce(String value) {
    if (value == null || !NONCE.matcher(value).matches()) {
      throw ApiException.malformed("nonce must be 32 random bytes as 64 lowercase hex characters; use a fresh one per request");
    }
    return value;
  }

  /** A MAC address, aa:bb:cc:dd:ee:ff. */
  public static String mac(String value) {
    if (value == null || !MAC.matcher(value).matches()) {
      throw ApiException.malformed("mac must be a MAC address like aa:bb:cc:dd:ee:ff");
    }
    return value;
  }

  /** A host name of RFC 1123 labels, 1 to 253 characters. */
  /** A Kubernetes object name (an RFC 1123 subdomain, lower case). */
  public static String resourceName(String field, String value) {
    if (value == null || value.isEmpty() || value.length() > MAX_HOST_LENGTH
        || !value.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")) {
      throw ApiException.malformed(field + " must be the name of a Kubernetes object (lower-case RFC 1123 subdomain)");
    }
    return value;
  }

  public static String hostname(String value) {
    String message = "hostname must be 1 to 253 characters of RFC 1123 labels (letters, digits, '-', separated by '.')";
    if (value == null || value.isEmpty() || value.length() > MAX_HOST_LENGTH) {
      throw ApiException.malformed(message);
    }
    for (String label : value.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        throw ApiException.malformed(message);
      }
    }
    return value;
  }

  /** At most 16 endpoints, each a non-empty host of at most 253 characters and a port 1–65535. */
  public static List<EndpointDto> endpoints(List<EndpointDto> value) {
    if (value == null) {
      return List.of();
    }
    if (value.size() > MAX_ENDPOINTS) {
      throw ApiException.malformed("endpoints must list at most " + MAX_ENDPOINTS + " entries");
    }
    for (int i = 0; i < value.size(); i++) {
      EndpointDto endpoint = value.get(i);
      if (endpoint == null || endpoint.host() == null || endpoint.host().isBlank() || endpoint.host().length() > MAX_HOST_LENGTH) {
        throw ApiException.malformed("endpoints[" + i + "].host must be a non-empty host of at most 253 characters");
      }
      if (endpoint.port() == null || endpoint.port() < 1 || endpoint.port() > 65535) {
        throw ApiException.malformed("endpoints[" + i + "].port must be between 1 and 65535");
      }
    }
    return value;
  }

  /** A registration token as DESIGN §3 bounds it: non-empty, at most 512 bytes, printable ASCII. */
  public static String token(String value) {
    if (value == null || value.isEmpty()) {
      throw ApiException.malformed("token is required");
    }
    if (value.getBytes(StandardCharsets.UTF_8).length > MAX_TOKEN_BYTES) {
      throw ApiException.malformed("token must be at most " + MAX_TOKEN_BYTES + " bytes");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw ApiException.malformed("token must be printable ASCII; check for whitespace or a trailing newline");
      }
    }
    return value;
  }
}
