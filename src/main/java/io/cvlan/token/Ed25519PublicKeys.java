package io.cvlan.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519 verification with public keys decoded once per kid: decoding a key (a square root and a full
 * validation) is a noticeable part of one verification, and a tenant's kid signs many tokens.
 * The cached point is used only while the kid still resolves to the very same bytes.
 */
final class Ed25519PublicKeys implements SignatureCheck {
  private final Cache<String, Decoded> byKid;

  Ed25519PublicKeys(int maxKeys) {
    this.byKid = Caffeine.newBuilder().maximumSize(maxKeys).executor(Runnable::run).build();
  }

  @Override
  public boolean verifies(String kid, byte[] publicKey, UnverifiedToken token) {
    Decoded decoded = byKid.getIfPresent(kid);
    if (decoded == null || !Arrays.equals(decoded.encoded, publicKey)) {
      decoded = decode(publicKey);
      if (decoded == null) {
        return false;
      }
      byKid.put(kid, decoded);
    }
    byte[] message = token.signingInput();
    return Ed25519.verify(token.signature(), 0, decoded.point, message, 0, message.length);
  }

  private static Decoded decode(byte[] publicKey) {
    if (publicKey.length != Ed25519.PUBLIC_KEY_SIZE) {
      return null;
    }
    // Full validation refuses small-order and non-canonical points, which no generated key is.
    Ed25519.PublicPoint point = Ed25519.validatePublicKeyFullExport(publicKey, 0);
    return point == null ? null : new Decoded(publicKey.clone(), point);
  }

  private record Decoded(byte[] encoded, Ed25519.PublicPoint point) {
  }
}
