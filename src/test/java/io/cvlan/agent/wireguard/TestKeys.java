package io.cvlan.agent.wireguard;

import java.util.Arrays;
import java.util.Base64;

/** Readable fixed keys: {@code key(1)} is 32 bytes of 0x01, hex {@code 0101...}. */
final class TestKeys {
  private TestKeys() {}

  static String key(int fill) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) fill);
    return Base64.getEncoder().encodeToString(bytes);
  }

  static String hex(int fill) {
    return String.format("%02x", fill).repeat(32);
  }
}
