package io.cvlan.agent.wireguard;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * WireGuard's Curve25519 keys as the tools print them: 32 bytes in standard base64 (44 characters).
 * The UAPI speaks hex instead; {@link #toHex} and {@link #fromHex} convert at that boundary only.
 */
public final class WireGuardKeys {
  public static final int KEY_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private WireGuardKeys() {}

  /** A private key and the public key derived from it; {@link #toString()} never shows the private key. */
  public record KeyPair(String privateKey, String publicKey) {
    public KeyPair {
      requireValid(privateKey, "private key");
      requireValid(publicKey, "public key");
    }

    @Override
    public String toString() {
      return "KeyPair[privateKey=<redacted>, publicKey=" + publicKey + "]";
    }
  }

  public static KeyPair generate() {
    return generate(RANDOM);
  }

  /** 32 random bytes clamped as RFC 7748 §5 asks (what `wg genkey` does), and their X25519 public key. */
  public static KeyPair generate(SecureRandom random) {
    byte[] secret = new byte[KEY_BYTES];
    random.nextBytes(secret);
    clamp(secret);
    try {
      String privateKey = Base64.getEncoder().encodeToString(secret);
      return new KeyPair(privateKey, publicKeyOf(secret));
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  /** The public key of a base64 private key; X25519 clamps the scalar itself, so an unclamped key works as in `wg pubkey`. */
  public static String publicKeyOf(String privateKeyBase64) {
    byte[] secret = decode(privateKeyBase64, "private key");
    try {
      return publicKeyOf(secret);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  public static boolean isValid(String key) {
    try {
      decode(key, "key");
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Returns {@code key} if it is base64 of exactly 32 bytes; the message names {@code what}, never the value. */
  public static String requireValid(String key, String what) {
    decode(key, what);
    return key;
  }

  /** The 32 bytes of a base64 key; the message names {@code what} but not the value (it may be a secret). */
  public static byte[] decode(String key, String what) {
    if (key == null || key.length() != 44) {
      throw new IllegalArgumentException(what + " must be 44 characters of base64 (32 bytes)");
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(key);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " is not valid base64");
    }
    if (bytes.length != KEY_BYTES) {
      throw new IllegalArgumentException(what + " must decode to 32 bytes, not " + bytes.length);
    }
    return bytes;
  }

  public static String toHex(String base64Key) {
    return HEX.formatHex(decode(base64Key, "key"));
  }

  public static String fromHex(String hexKey) {
    byte[] bytes;
    try {
      bytes = HEX.parseHex(hexKey);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("key is not valid hex");
    }
    if (bytes.length != KEY_BYTES) {
      throw new IllegalArgumentException("key must be 32 bytes of hex, not " + bytes.length);
    }
    return Base64.getEncoder().encodeToString(bytes);
  }

  static void clamp(byte[] secret) {
    secret[0] &= (byte) 0xF8;
    secret[31] &= (byte) 0x7F;
    secret[31] |= (byte) 0x40;
  }

  private static String publicKeyOf(byte[] secret) {
    byte[] point = new byte[X25519.POINT_SIZE];
    X25519.scalarMultBase(secret, 0, point, 0);
    return Base64.getEncoder().encodeToString(point);
  }
}
