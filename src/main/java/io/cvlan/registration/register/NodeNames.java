package io.cvlan.registration.register;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * Node ids: the hostname made a DNS label (at most 40 characters) plus 8 random base32 characters, so ids
 * are readable in {@code kubectl get cvnode} yet never collide across re-registrations of one host.
 */
final class NodeNames {
  static final int PREFIX_MAX = 40;
  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private NodeNames() {}

  static String generate(String hostname) {
    StringBuilder id = new StringBuilder(prefix(hostname)).append('-');
    for (int i = 0; i < 8; i++) {
      id.append(BASE32[RANDOM.nextInt(BASE32.length)]);
    }
    return id.toString();
  }

  static String prefix(String hostname) {
    String label = hostname.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("-{2,}", "-");
    if (label.length() > PREFIX_MAX) {
      label = label.substring(0, PREFIX_MAX);
    }
    label = label.replaceAll("^-+", "").replaceAll("-+$", "");
    return label.isEmpty() ? "node" : label;
  }
}
