package io.cvlan.api.v1alpha1;

/**
 * Patterns, lengths and CEL rules shared by the CRD schemas. The CEL rules use Kubernetes' IP, CIDR and
 * string libraries, so the CRDs need Kubernetes 1.31 or later. The reconcilers repeat the semantic checks as a
 * second line for objects admitted before a rule existed.
 */
public final class Validation {
  private static final String DOTTED_QUAD =
      "((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
  public static final String IPV4 = "^" + DOTTED_QUAD + "$";
  public static final String IPV4_CIDR = "^" + DOTTED_QUAD + "/([0-9]|[12][0-9]|3[0-2])$";
  public static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";
  public static final String DNS_SUBDOMAIN = "^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$";
  private static final String RFC1123_LABEL = "[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?";
  /** A host name of RFC 1123 labels in either case, as the registration API accepts one. */
  public static final String HOSTNAME = "^" + RFC1123_LABEL + "([.]" + RFC1123_LABEL + ")*$";
  /** A DNS search domain: a host name, optionally fully qualified with a trailing dot. */
  public static final String SEARCH_DOMAIN = "^" + RFC1123_LABEL + "([.]" + RFC1123_LABEL + ")*[.]?$";
  /** Free text an agent reports (os, agent version): printable ASCII, as the registration API accepts it. */
  public static final String PRINTABLE_ASCII = "^[ -~]*$";
  /**
   * Go/Kubernetes style duration in whole units, e.g. 8h, 8760h, 90m, 1h30m. No fractions and no sign: fabric8's
   * Duration.parse reads 1.5h as 5h and -1h as 1h, and {@link SpecDuration} accepts exactly this shape.
   */
  public static final String DURATION = "^([0-9]+(ns|us|ms|s|m|h))+$";
  /** WireGuard public key: standard base64 of 32 bytes. */
  public static final String WG_KEY = "^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw480]=$";
  /** At most nine fraction digits: java.time parses no more, and Go's RFC 3339 parser keeps no more. */
  public static final String RFC3339 =
      "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$";
  /** A port or a range of ports, a-b, without leading zeros; the value bounds are a CEL rule. */
  public static final String PORT_OR_RANGE = "^[1-9][0-9]{0,4}(-[1-9][0-9]{0,4})?$";

  // Longest texts of an IP address (an IPv6 address ending in a dotted quad), a CIDR, and a range a-b.
  // Bounds on strings and lists keep the API server's cost estimate of the CEL rules within its budget.
  public static final int IP_MAX_LENGTH = 45;
  public static final int CIDR_MAX_LENGTH = IP_MAX_LENGTH + 4;
  public static final int RANGE_MAX_LENGTH = 2 * IP_MAX_LENGTH + 1;
  public static final int DURATION_MAX_LENGTH = 64;
  public static final int TIMESTAMP_MAX_LENGTH = 64;
  public static final int HOSTNAME_MAX_LENGTH = 253;
  public static final int AGENT_TEXT_MAX_LENGTH = 128;

  // The guards (!self.matches(...) ||) leave a value of the wrong shape to its pattern's single error: the API
  // server runs the CEL rules even when a pattern fails, and duration() or timestamp() would add a second one.
  public static final String POSITIVE_DURATION = "!self.matches('" + DURATION + "') || duration(self) > duration('0s')";
  public static final String POSITIVE_DURATION_MESSAGE = "must be longer than 0s";
  /** The pattern cannot tell 2030-02-30 from 2030-02-28; timestamp() can, and a date it cannot parse fails the rule. */
  public static final String REAL_TIMESTAMP =
      "!self.matches('" + RFC3339 + "') || timestamp(self) > timestamp('1970-01-01T00:00:00Z')";

  private Validation() {}
}
