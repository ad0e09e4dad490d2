package io.cvlan.token;

import java.util.Arrays;
import java.util.Base64;

/**
 * Unpadded base64url (RFC 4648 §5) as JWS uses it, decoding canonically.
 *
 * <p>The JDK decoder accepts padding and ignores the unused low bits of the last character, so several
 * strings decode to the same bytes: flipping the last character of a signature would still verify. Here
 * every byte sequence has exactly one accepted encoding.
 */
final class Base64Url {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  private static final byte[] VALUES = new byte[128];

  static {
    Arrays.fill(VALUES, (byte) -1);
    for (int i = 0; i < ALPHABET.length(); i++) {
      VALUES[ALPHABET.charAt(i)] = (byte) i;
    }
  }

  private Base64Url() {
  }

  static String encode(byte[] bytes) {
    return ENCODER.encodeToString(bytes);
  }

  /** Decodes {@code text[from, to)}; refuses characters outside the alphabet, padding and non-zero spare bits. */
  static byte[] decode(String text, int from, int to) throws InvalidTokenException {
    int length = to - from;
    if (length % 4 == 1) {
      // One character carries 6 bits: never a whole byte.
      throw new InvalidTokenException(TokenError.MALFORMED_BASE64);
    }
    byte[] out = new byte[length * 3 / 4];
    int buffer = 0;
    int bits = 0;
    int o = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      int value = c < VALUES.length ? VALUES[c] : -1;
      if (value < 0) {
        throw new InvalidTokenException(TokenError.MALFORMED_BASE64);
      }
      buffer = (buffer << 6) | value;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out[o++] = (byte) (buffer >> bits);
      }
    }
    if ((buffer & ((1 << bits) - 1)) != 0) {
      throw new InvalidTokenException(TokenError.MALFORMED_BASE64);
    }
    return out;
  }
}
