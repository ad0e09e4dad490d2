package io.cvlan.registration.register;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 in hex: how nonces and MACs are kept — never their values. */
final class Digests {
  /** Label values are at most 63 characters. */
  static final int LABEL_LENGTH = 63;

  private Digests() {}

  static String sha256Hex(String... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String part : parts) {
        digest.update(part.getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /** The nonce label value: SHA-256(token_id + nonce) in hex, cut to a label's length. */
  static String nonceLabel(String tokenId, String nonce) {
    return sha256Hex(tokenId, nonce).substring(0, LABEL_LENGTH);
  }
}
