package io.cvlan.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

// The prefix bounds are the allocator's (AddressSpaceParser.MIN/MAX_IPV4/IPV6_PREFIX); CrdValueRulesTest holds
// them together. A transition rule on ipv6Cidr alone runs only when both objects have it: adding or removing it is
// caught here, on the spec.
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.ipv6Cidr) == has(oldSelf.ipv6Cidr)", message = "ipv6Cidr cannot be added or removed after creation",
    fieldPath = ".ipv6Cidr")
@ValidationRule(value = CVLANSpec.RESERVED_INSIDE_NETWORKS,
    message = "every reserved address must lie inside cidr (IPv4) or ipv6Cidr (IPv6)", fieldPath = ".reserved")
public class CVLANSpec {
  // The API server refuses a CRD whose rules it estimates too costly. It prices isIP() and cidr() by the length of
  // what they read and knows no length for a piece of split(); substring() keeps the entry's bound, so ranges are
  // cut with it.
  private static final String LOW = "r.substring(0, r.indexOf('-'))";
  private static final String HIGH = "r.substring(r.indexOf('-') + 1)";
  // An address, a network without host bits, or a range of two addresses of one family.
  private static final String WELL_FORMED_ENTRY = "(isIP(r) || (isCIDR(r) && cidr(r) == cidr(r).masked()) || (r.contains('-') && isIP("
      + LOW + ") && isIP(" + HIGH + ") && ip(" + LOW + ").family() == ip(" + HIGH + ").family()))";
  static final String RESERVED_ENTRY = "self.all(r, " + WELL_FORMED_ENTRY + ")";
  // containsIP is false across families, so an address is inside when either network holds it.
  private static final String IPV6_NETWORK = "has(self.ipv6Cidr) && isCIDR(self.ipv6Cidr)";
  private static final String LOW_INSIDE = "(cidr(self.cidr).containsIP(" + LOW + ") || (" + IPV6_NETWORK
      + " && cidr(self.ipv6Cidr).containsIP(" + LOW + ")))";
  private static final String HIGH_INSIDE = "(cidr(self.cidr).containsIP(" + HIGH + ") || (" + IPV6_NETWORK
      + " && cidr(self.ipv6Cidr).containsIP(" + HIGH + ")))";
  private static final String ADDRESS_INSIDE = "(cidr(self.cidr).containsIP(r) || (" + IPV6_NETWORK
      + " && cidr(self.ipv6Cidr).containsIP(r)))";
  private static final String NETWORK_INSIDE = "((cidr(self.cidr).containsIP(cidr(r).ip()) && cidr(r).prefixLength() >= cidr(self.cidr).prefixLength()) || ("
      + IPV6_NETWORK + " && cidr(self.ipv6Cidr).containsIP(cidr(r).ip()) && cidr(r).prefixLength() >= cidr(self.ipv6Cidr).prefixLength()))";
  // A malformed entry is left to RESERVED_ENTRY's message.
  static final String RESERVED_INSIDE_NETWORKS = "!has(self.reserved) || !isCIDR(self.cidr) || self.reserved.all(r, !"
      + WELL_FORMED_ENTRY + " || (isIP(r) ? " + ADDRESS_INSIDE + " : isCIDR(r) ? " + NETWORK_INSIDE + " : "
      + LOW_INSIDE + " && " + HIGH_INSIDE + "))";
  static final String NETWORK_WITHOUT_HOST_BITS = "!isCIDR(self) || cidr(self) == cidr(self).masked()";

  @Required
  @Pattern(Validation.IPV4_CIDR)
  @Size(max = Validation.CIDR_MAX_LENGTH)
  @ValidationRule(value = "self == oldSelf", message = "cidr is immutable")
  @ValidationRule(value = NETWORK_WITHOUT_HOST_BITS, message = "cidr must be a network address without host bits, e.g. 10.100.0.0/16")
  @ValidationRule(value = "!isCIDR(self) || (cidr(self).prefixLength() >= 8 && cidr(self).prefixLength() <= 30)",
      message = "cidr must have a prefix between /8 and /30")
  @JsonPropertyDescription("IPv4 network of the overlay in CIDR notation, e.g. 10.100.0.0/16; every member gets one address from it. Required and immutable.")
  private String cidr;

  @Size(max = Validation.CIDR_MAX_LENGTH)
  @ValidationRule(value = "self == oldSelf", message = "ipv6Cidr is immutable")
  @ValidationRule(value = "isCIDR(self) && cidr(self).ip().family() == 6", message = "ipv6Cidr must be an IPv6 network in CIDR notation, e.g. fd00:100::/64")
  @ValidationRule(value = NETWORK_WITHOUT_HOST_BITS, message = "ipv6Cidr must be a network address without host bits, e.g. fd00:100::/64")
  @ValidationRule(value = "!isCIDR(self) || cidr(self).ip().family() != 6 || (cidr(self).prefixLength() >= 48 && cidr(self).prefixLength() <= 124)",
      message = "ipv6Cidr must have a prefix between /48 and /124")
  @JsonPropertyDescription("Optional IPv6 network of the overlay in CIDR notation, e.g. fd00:100::/64; when set, every member also gets an IPv6 address. Immutable, and cannot be added or removed after creation.")
  private String ipv6Cidr;

  @Size(max = 1024)
  @ValidationRule(value = RESERVED_ENTRY,
      message = "each reserved entry must be an IP address, a network without host bits (CIDR) or a range a-b of two addresses of one family")
  @JsonPropertyDescription("Addresses never handed out: single IPs, ranges (a-b) or CIDRs, IPv4 or IPv6, at most 1024 entries. The network, broadcast and first host addresses are always reserved.")
  private List<@Size(max = Validation.RANGE_MAX_LENGTH) String> reserved = new ArrayList<>();

  @Default("Sequential")
  @JsonPropertyDescription("How the next free address is picked: Sequential (lowest free first, the default) or Random.")
  private AllocationStrategy allocation = AllocationStrategy.Sequential;

  @Default("Open")
  @JsonPropertyDescription("Who peers with whom. Open (default): all members are peers. Isolated: two nodes peer only when they share a taint.")
  private PeerPolicy policy = PeerPolicy.Open;

  @Default("51820")
  @Min(1)
  @Max(65535)
  @JsonPropertyDescription("UDP port WireGuard listens on, handed to agents with the CVLAN's settings. 1-65535, default 51820.")
  private Integer listenPort = 51820;

  @Default("1420")
  @Min(1280)
  @Max(9000)
  @JsonPropertyDescription("MTU of the WireGuard interface in bytes, handed to agents with the CVLAN's settings. 1280-9000, default 1420.")
  private Integer mtu = 1420;

  @Default("25")
  @Min(0)
  @Max(3600)
  @JsonPropertyDescription("Seconds between WireGuard keepalives to each peer; 0 disables them. 0-3600, default 25.")
  private Integer persistentKeepalive = 25;

  @Default("720h")
  @Pattern(Validation.DURATION)
  @Size(max = Validation.DURATION_MAX_LENGTH)
  @ValidationRule(value = Validation.POSITIVE_DURATION, message = "nodeExpiry " + Validation.POSITIVE_DURATION_MESSAGE)
  @JsonPropertyDescription("A node not seen (no registration or poll) for this long becomes Expired; ephemeral nodes are then deleted. A duration such as 720h (the default, 30 days) or 90m.")
  private String nodeExpiry = "720h";

  @JsonPropertyDescription("Where node and vrouter certificates come from and how long they last; absent means the built-in CA and the default durations.")
  private CertificatesSpec certificates;

  @JsonPropertyDescription("DNS settings handed to agents with the CVLAN's settings; absent means none.")
  private DnsSpec dns;

  @JsonPropertyDescription("DERP relay map (free-form JSON) handed to agents as-is; the operator does not interpret it.")
  @io.fabric8.crd.generator.annotation.PreserveUnknownFields
  private com.fasterxml.jackson.databind.JsonNode derpMap;

  @Size(max = 256)
  @JsonPropertyDescription("Packet filter rules for overlay traffic, evaluated in order, handed to agents with the CVLAN's settings. At most 256 rules.")
  private List<PacketFilterRule> packetFilter = new ArrayList<>();

  public String getCidr() {
    return cidr;
  }

  public void setCidr(String cidr) {
    this.cidr = cidr;
  }

  public String getIpv6Cidr() {
    return ipv6Cidr;
  }

  public void setIpv6Cidr(String ipv6Cidr) {
    this.ipv6Cidr = ipv6Cidr;
  }

  public List<String> getReserved() {
    return reserved;
  }

  public void setReserved(List<String> reserved) {
    this.reserved = reserved;
  }

  public AllocationStrategy getAllocation() {
    return allocation;
  }

  public void setAllocation(AllocationStrategy allocation) {
    this.allocation = allocation;
  }

  public PeerPolicy getPolicy() {
    return policy;
  }

  public void setPolicy(PeerPolicy policy) {
    this.policy = policy;
  }

  public Integer getListenPort() {
    return listenPort;
  }

  public void setListenPort(Integer listenPort) {
    this.listenPort = listenPort;
  }

  public Integer getMtu() {
    return mtu;
  }

  public void setMtu(Integer mtu) {
    this.mtu = mtu;
  }

  public Integer getPersistentKeepalive() {
    return persistentKeepalive;
  }

  public void setPersistentKeepalive(Integer persistentKeepalive) {
    this.persistentKeepalive = persistentKeepalive;
  }

  public String getNodeExpiry() {
    return nodeExpiry;
  }

  public void setNodeExpiry(String nodeExpiry) {
    this.nodeExpiry = nodeExpiry;
  }

  public CertificatesSpec getCertificates() {
    return certificates;
  }

  public void setCertificates(CertificatesSpec certificates) {
    this.certificates = certificates;
  }

  public DnsSpec getDns() {
    return dns;
  }

  public void setDns(DnsSpec dns) {
    this.dns = dns;
  }

  public com.fasterxml.jackson.databind.JsonNode getDerpMap() {
    return derpMap;
  }

  public void setDerpMap(com.fasterxml.jackson.databind.JsonNode derpMap) {
    this.derpMap = derpMap;
  }

  public List<PacketFilterRule> getPacketFilter() {
    return packetFilter;
  }

  public void setPacketFilter(List<PacketFilterRule> packetFilter) {
    this.packetFilter = packetFilter;
  }
}
