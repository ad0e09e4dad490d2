package io.cvlan.operator.token;

/**
 * What an agent needs besides the token: the registration API's URL and the CA that signs its serving
 * certificate (PEM), so that one token Secret is all an agent is given.
 */
public record RegistrationApiRef(String url, String caPem) {
  public RegistrationApiRef {
    if (url == null || !url.startsWith("https://")) {
      throw new IllegalArgumentException("registration URL must be https://, got " + url);
    }
    caPem = caPem == null ? "" : caPem;
  }
}
