/**
 * Registration tokens: one fixed JOSE profile (compact JWS, Ed25519, {@code alg: EdDSA}), the tenant signing
 * keys that sign them, and a verifier with a cache of verified signatures.
 *
 * <p>A general JOSE library is not used on purpose: this profile has exactly one algorithm, so there is no
 * algorithm negotiation to get wrong, and BouncyCastle's Ed25519 is several times faster than the JDK's.
 * Nothing here talks to Kubernetes; the operator supplies keys through {@link io.cvlan.token.VerificationKeys}.
 */
package io.cvlan.token;
