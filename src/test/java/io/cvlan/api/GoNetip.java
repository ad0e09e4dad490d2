package io.cvlan.api;

import java.util.Arrays;

/**
 * IP addresses and prefixes read as Go's net/netip reads them, with the refusals Kubernetes' CEL library adds
 * (zones, IPv4-mapped IPv6): what the API server's {@code isIP}, {@code ip}, {@code isCIDR} and {@code cidr} accept.
 * java.net.InetAddress is no stand-in: it resolves host names, reads 010.1.1.1 and accepts ::ffff:1.2.3.4.
 */
final class GoNetip {
  private GoNetip() {}

  /** An address of 4 or 16 bytes. */
  record Addr(byte[] bytes) {
    int family() {
      return bytes.length == 4 ? 4 : 6;
    }

    int bitLength() {
      return bytes.length * 8;
    }

    /** Go's Addr.String(): dotted quad, or RFC 5952 (lower case, longest run of two or more zero groups as ::). */
    @Override
    public String toString() {
      if (bytes.length == 4) {
        return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
      }
      int[] groups = new int[8];
      for (int i = 0; i < 8; i++) {
        groups[i] = (bytes[2 * i] & 0xff) << 8 | (bytes[2 * i + 1] & 0xff);
      }
      int zeroStart = -1;
      int zeroEnd = -1;
      for (int i = 0; i < 8; i++) {
        int j = i;
        while (j < 8 && groups[j] == 0) {
          j++;
        }
        if (j - i >= 2 && j - i > zeroEnd - zeroStart) {
          zeroStart = i;
          zeroEnd = j;
        }
      }
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < 8; i++) {
        if (i == zeroStart) {
          text.append("::");
          i = zeroEnd - 1;
          continue;
        }
        if (i > 0 && i != zeroEnd) {
          text.append(':');
        }
        text.append(Integer.toHexString(groups[i]));
      }
      return text.toString();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Addr a && Arrays.equals(bytes, a.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }
  }

  /** An address and a prefix length; Go keeps the host bits, so 10.0.0.1/8 differs from 10.0.0.0/8. */
  record Prefix(Addr addr, int bits) {
    Prefix masked() {
      byte[] out = addr.bytes().clone();
      for (int bit = bits; bit < out.length * 8; bit++) {
        out[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
      }
      return new Prefix(new Addr(out), bits);
    }

    boolean contains(Addr ip) {
      if (ip.bitLength() != addr.bitLength()) {
        return false;
      }
      return new Prefix(ip, bits).masked().equals(masked());
    }

    @Override
    public String toString() {
      return addr + "/" + bits;
    }
  }

  /** Kubernetes' parseIPAddr: netip.ParseAddr, then no zone and no IPv4-mapped IPv6. */
  static Addr parseIp(String text) {
    Zoned parsed = parseAddr(text);
    if (parsed.zone() != null) {
      throw new IllegalArgumentException("IP address " + quote(text) + " with zone value is not allowed");
    }
    if (isFourInSix(parsed.addr())) {
      throw new IllegalArgumentException("IPv4-mapped IPv6 address " + quote(text) + " is not allowed");
    }
    return parsed.addr();
  }

  /** Kubernetes' parseCIDR: netip.ParsePrefix, then no IPv4-mapped IPv6. Host bits may be set. */
  static Prefix parseCidr(String text) {
    int slash = text.lastIndexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("netip.ParsePrefix(" + quote(text) + "): no '/'");
    }
    Zoned parsed = parseAddr(text.substring(0, slash));
    if (parsed.zone() != null) {
      throw new IllegalArgumentException("netip.ParsePrefix(" + quote(text) + "): IPv6 zones cannot be present in a prefix");
    }
    String bitsText = text.substring(slash + 1);
    // Go refuses a sign and leading zeros in the prefix length.
    if (bitsText.isEmpty() || !bitsText.chars().allMatch(c -> c >= '0' && c <= '9')
        || (bitsText.length() > 1 && bitsText.charAt(0) == '0') || bitsText.length() > 3) {
      throw new IllegalArgumentException("netip.ParsePrefix(" + quote(text) + "): bad bits after slash");
    }
    int bits = Integer.parseInt(bitsText);
    if (bits > parsed.addr().bitLength()) {
      throw new IllegalArgumentException("netip.ParsePrefix(" + quote(text) + "): prefix length out of range");
    }
    if (isFourInSix(parsed.addr())) {
      throw new IllegalArgumentException("IPv4-mapped IPv6 address " + quote(text) + " is not allowed");
    }
    return new Prefix(parsed.addr(), bits);
  }

  static boolean isIp(String text) {
    try {
      parseIp(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static boolean isCidr(String text) {
    try {
      parseCidr(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private record Zoned(Addr addr, String zone) {}

  private static boolean isFourInSix(Addr addr) {
    byte[] b = addr.bytes();
    if (b.length != 16) {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
  }

  /** netip.ParseAddr: the first '.', ':' or '%' decides how the text is read. */
  private static Zoned parseAddr(String text) {
    for (int i = 0; i < text.length(); i++) {
      switch (text.charAt(i)) {
        case '.':
          return new Zoned(new Addr(parseIpv4(text, text)), null);
        case ':':
          return parseIpv6(text);
        case '%':
          throw new IllegalArgumentException("ParseAddr(" + quote(text) + "): missing IPv6 address");
        default:
          break;
      }
    }
    throw new IllegalArgumentException("ParseAddr(" + quote(text) + "): unable to parse IP");
  }

  private static byte[] parseIpv4(String whole, String text) {
    byte[] out = new byte[4];
    int field = 0;
    int value = 0;
    int digits = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        if (digits == 1 && value == 0) {
          throw new IllegalArgumentException("ParseAddr(" + quote(whole) + "): IPv4 field has octet with leading zero");
        }
        value = value * 10 + (c - '0');
        digits++;
        if (value > 255) {
          throw new IllegalArgumentException("ParseAddr(" + quote(whole) + "): IPv4 field has value >255");
        }
      } else if (c == '.') {
        if (digits == 0) {
          throw new IllegalArgumentException("ParseAddr(" + quote(whole) + "): IPv4 field must have at least one digit");
        }
        if (field == 3) {
          throw new IllegalArgumentException("ParseAddr(" + quote(whole) + "): IPv4 address too long");
        }
        out[field++] = (byte) value;
        value = 0;
        digits = 0;
      } else {
        throw new IllegalArgumentException("ParseAddr(" + quote(whole) + "): unexpected character");
      }
    }
    if (digits == 0) {
      throw new IllegalArgumentException("ParseAddr(" + quote(whole) + "): IPv4 field must have at least one digit");
    }
    if (field < 3) {
      throw new IllegalArgumentException("ParseAddr(" + quote(whole) + "): IPv4 address too short");
    }
    out[3] = (byte) value;
    return out;
  }

  private static Zoned parseIpv6(String whole) {
    String text = whole;
    String zone = null;
    int percent = text.indexOf('%');
    if (percent >= 0) {
      zone = text.substring(percent + 1);
      text = text.substring(0, percent);
      if (zone.isEmpty()) {
        throw new IllegalArgumentException("ParseAddr(" + quote(whole) + "): zone must be a non-empty string");
      }
    }
    byte[] ip = new byte[16];
    int ellipsis = -1;
    int i = 0;
    String rest = text;
    if (rest.startsWith("::")) {
      ellipsis = 0;
      rest = rest.substring(2);
      if (rest.isEmpty()) {
        return new Zoned(new Addr(ip), zone);
      }
    }
    while (i < 16) {
      int off = 0;
      int acc = 0;
      while (off < rest.length()) {
        char c = rest.charAt(off);
        if (!isAsciiHex(c)) {
          break;
        }
        if (off > 3) {
          throw new IllegalArgumentException("ParseAddr(" + quote(whole) + "): each colon-separated field must have at most 4 hex digits");
        }
        acc = (acc << 4) | Character.digit(c, 16);
        off++;
      }
      if (off == 0) {
        throw new IllegalArgumentException("ParseAddr(" + quote(whole) + "): each colon-separated field must have at least one digit");
      }
      if (off < rest.length() && rest.charAt(off) == '.') {
        if (ellipsis < 0 && i != 12) {
          throw new IllegalArgumentException("ParseAddr(" + quote(whole) + "): embedded IPv4 address must replace the final 2 fields of the address");
        }
        if (i + 4 > 16) {
          throw new IllegalArgumentException("ParseAddr(" + quote(whole) + "): too many hex fields to fit an embedded IPv4 at the end of the address");
        }
        System.arraycopy(parseIpv4(whole, rest), 0, ip, i, 4);
        rest = "";
        i += 4;
        break;
      }
      ip[i] = (byte) (acc >> 8);
      ip[i + 1] = (byte) acc;
      i += 2;
      rest = rest.substring(off);
      if (rest.isEmpty()) {
        break;
      }
      if (rest.charAt(0) != ':') {
        throw new IllegalArgumentException("ParseAddr(" + quote(whole) + "): unexpected character, want colon");
      }
      if (rest.length() == 1) {
        throw new IllegalArgumentException("ParseAddr(" + quote(whole) + "): colon must be followed by more characters");
      }
      rest = rest.substring(1);
      if (rest.charAt(0) == ':') {
        if (ellipsis >= 0) {
          throw new IllegalArgumentException("ParseAddr(" + quote(whole) + "): multiple :: in address");
        }
        ellipsis = i;
        rest = rest.substring(1);
        if (rest.isEmpty()) {
          break;
        }
      }
    }
    if (!rest.isEmpty()) {
      throw new IllegalArgumentException("ParseAddr(" + quote(whole) + "): trailing garbage after address");
    }
    if (i < 16) {
      if (ellipsis < 0) {
        throw new IllegalArgumentException("ParseAddr(" + quote(whole) + "): address string too short");
      }
      int n = 16 - i;
      for (int j = i - 1; j >= ellipsis; j--) {
        ip[j + n] = ip[j];
      }
      Arrays.fill(ip, ellipsis, ellipsis + n, (byte) 0);
    } else if (ellipsis >= 0) {
      throw new IllegalArgumentException("ParseAddr(" + quote(whole) + "): the :: must expand to at least one field of zeros");
    }
    return new Zoned(new Addr(ip), zone);
  }

  private static boolean isAsciiHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static String quote(String text) {
    return '"' + text + '"';
  }
}
