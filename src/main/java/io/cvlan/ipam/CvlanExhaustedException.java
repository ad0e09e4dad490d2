package io.cvlan.ipam;

/**
 * A CVLAN has no free address left. Checked on purpose: the caller (registration) must turn it into a
 * 503 and a CVLAN condition rather than let it escape as a generic failure.
 */
public class CvlanExhaustedException extends Exception {
  private static final long serialVersionUID = 1L;

  public CvlanExhaustedException(String message) {
    super(message);
  }

  static CvlanExhaustedException ipv4(String cvlan, String network, long allocated, long capacity) {
    return new CvlanExhaustedException("CVLAN " + cvlan + " (" + network + ") has no free IPv4 address: " + allocated
        + " of " + capacity + " allocated; widen the CIDR in a new CVLAN or delete unused nodes");
  }

  static CvlanExhaustedException ipv6(String cvlan, String network) {
    return new CvlanExhaustedException("CVLAN " + cvlan + " (" + network + ") has no free IPv6 address; "
        + "widen the ipv6Cidr in a new CVLAN or delete unused nodes");
  }
}
