package io.cvlan.agent.vrouter;

import io.cvlan.registration.protocol.VRouterCvlanDto;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * One interface per CVLAN a vrouter serves, as a pure function of its configuration: separate interfaces keep
 * the CVLANs' peers, allowed IPs and routes apart, so that only the forwarding policy decides what crosses.
 */
public final class CvlanLinks {
  /** Linux interface names are at most 15 bytes. */
  static final int MAX_NAME = 15;
  private static final int HASH_CHARS = 4;

  private CvlanLinks() {}

  /** The links for {@code cvlans}, in order; ports count up from {@code firstPort}. */
  public static List<CvlanLink> of(String prefix, int firstPort, List<VRouterCvlanDto> cvlans) {
    List<CvlanLink> links = new ArrayList<>();
    for (int i = 0; i < cvlans.size(); i++) {
      VRouterCvlanDto cvlan = cvlans.get(i);
      String address = cvlan.ipv4() + cvlan.cidr().substring(cvlan.cidr().indexOf('/'));
      links.add(new CvlanLink(cvlan.name(), interfaceName(prefix, cvlan.name()), firstPort + i, address, cvlan.cidr(),
          Stream.of(cvlan.ipv4(), cvlan.ipv6()).filter(Objects::nonNull).toList()));
    }
    return List.copyOf(links);
  }

  /**
   * {@code <prefix><cvlan>} when it fits in 15 characters; otherwise the CVLAN's name cut short plus four hex
   * digits of its hash, so that two long names sharing a beginning still get two interfaces. The same name
   * always gives the same interface, across restarts and machines.
   */
  public static String interfaceName(String prefix, String cvlan) {
    String whole = prefix + cvlan;
    if (whole.length() <= MAX_NAME) {
      return whole;
    }
    int keep = MAX_NAME - prefix.length() - HASH_CHARS - 1;
    if (keep < 1) {
      throw new IllegalArgumentException("interface prefix " + prefix + " leaves no room for a CVLAN name");
    }
    return prefix + cvlan.substring(0, keep) + "-" + hash(cvlan);
  }

  private static String hash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HASH_CHARS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
