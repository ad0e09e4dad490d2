package io.cvlan.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;

/** Key generation for CAs and for agents that send no CSR. */
public final class Keys {
  private Keys() {
  }

  public static KeyPair ecP256(SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", Providers.BC);
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 is not available in this JVM", e);
    }
  }

  public static KeyPair ed25519(SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519", Providers.BC);
      generator.initialize(255, random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is not available", e);
    }
  }

  /** PKCS#8 PEM: for a Secret's tls.key or a registration response only, never for a log. */
  public static String toPem(java.security.PrivateKey key) {
    return Pem.privateKey(key);
  }

  static KeyPair generate(CaAlgorithm algorithm, SecureRandom random) {
    return switch (algorithm) {
      case ECDSA_P256 -> ecP256(random);
      case ED25519 -> ed25519(random);
    };
  }
}
