package io.cvlan.pki;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * BouncyCastle as an explicit provider instance, never installed globally: used where it is much faster
 * than the JDK's (Ed25519, see FIELD-NOTES) or where the JDK lacks an algorithm; ECDSA stays on SunEC.
 */
final class Providers {
  static final Provider BC = new BouncyCastleProvider();

  private Providers() {
  }
}
