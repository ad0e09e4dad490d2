package io.cvlan.token;

import java.util.Arrays;
import java.util.Objects;

/**
 * A token that is well-formed but whose signature has not been checked yet: nothing in it may be trusted
 * except for choosing the key to verify it with.
 *
 * @param kid          the header's key id
 * @param claims       the payload, parsed
 * @param signingInput the ASCII bytes {@code header.payload} the signature covers
 * @param signature    the 64-byte Ed25519 signature
 */
public record UnverifiedToken(String kid, TokenClaims claims, byte[] signingInput, byte[] signature) {

  public UnverifiedToken {
    Objects.requireNonNull(kid, "kid is required");
    Objects.requireNonNull(claims, "claims are required");
    signingInput = Objects.requireNonNull(signingInput, "signingInput is required").clone();
    signature = Objects.requireNonNull(signature, "signature is required").clone();
  }

  @Override
  public byte[] signingInput() {
    return signingInput.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof UnverifiedToken that
        && kid.equals(that.kid)
        && claims.equals(that.claims)
        && Arrays.equals(signingInput, that.signingInput)
        && Arrays.equals(signature, that.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kid, claims, Arrays.hashCode(signingInput), Arrays.hashCode(signature));
  }

  @Override
  public String toString() {
    return "UnverifiedToken[kid=" + kid + ", claims=" + claims + "]";
  }
}
