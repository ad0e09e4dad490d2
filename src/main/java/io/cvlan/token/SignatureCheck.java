package io.cvlan.token;

/** The verifier's one Ed25519 operation, behind a seam so tests can count how often it runs. */
@FunctionalInterface
interface SignatureCheck {

  /** Whether {@code token}'s signature verifies under {@code publicKey}, which {@code kid} resolved to. */
  boolean verifies(String kid, byte[] publicKey, UnverifiedToken token);
}
