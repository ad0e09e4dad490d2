package io.cvlan.api.v1alpha1;

/** Patterns shared by the CRD schemas; the reconcilers repeat the semantic checks the schema cannot express. */
public final class Validation {
  private static final String DOTTED_QUAD =
      "((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
  public static final String IPV4 = "^" + DOTTED_QUAD + "$";
  public static final String IPV4_CIDR = "^" + DOTTED_QUAD + "/([0-9]|[12][0-9]|3[0-2])$";
  public static final String IPV6_CIDR = "^[0-9a-fA-F:.]+/([0-9]|[1-9][0-9]|1[01][0-9]|12[0-8])$";
  public static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";
  public static final String DNS_SUBDOMAIN = "^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$";
  /** Go/Kubernetes style duration, e.g. 8h, 8760h, 90m, 1h30m. */
  public static final String DURATION = "^([0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h))+$";
  /** WireGuard public key: standard base64 of 32 bytes. */
  public static final String WG_KEY = "^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw480]=$";
  public static final String RFC3339 = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$";

  private Validation() {}
}
