package io.cvlan.peers;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.CVLANSpec;
import io.cvlan.api.v1alpha1.DnsSpec;
import io.cvlan.api.v1alpha1.PacketFilterRule;
import java.util.List;

/**
 * What every member of a CVLAN applies besides its peers: the {@code cvlan.json} key of shard 0 and the
 * matching fields of a poll response. Nullable fields are omitted from the JSON when absent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"listen_port", "mtu", "persistent_keepalive", "dns", "derp_map", "packet_filter"})
public record CvlanSettings(
    @JsonProperty(value = "listen_port", required = true) int listenPort,
    @JsonProperty("mtu") Integer mtu,
    @JsonProperty("persistent_keepalive") Integer persistentKeepalive,
    @JsonProperty("dns") Dns dns,
    @JsonProperty("derp_map") JsonNode derpMap,
    @JsonProperty("packet_filter") List<FilterRule> packetFilter) {

  public static final int DEFAULT_LISTEN_PORT = 51820;

  public CvlanSettings {
    if (listenPort < 1 || listenPort > 65535) {
      throw new IllegalArgumentException("listen_port must be between 1 and 65535, got " + listenPort);
    }
    packetFilter = packetFilter == null ? List.of() : List.copyOf(packetFilter);
  }

  /** The settings a CVLAN's spec asks for; absent optional parts stay absent. */
  public static CvlanSettings of(CVLAN cvlan) {
    CVLANSpec spec = cvlan.getSpec();
    DnsSpec dns = spec.getDns();
    List<FilterRule> rules = spec.getPacketFilter() == null ? List.of()
        : spec.getPacketFilter().stream().map(FilterRule::of).toList();
    return new CvlanSettings(
        spec.getListenPort() == null ? DEFAULT_LISTEN_PORT : spec.getListenPort(),
        spec.getMtu(),
        spec.getPersistentKeepalive(),
        dns == null ? null : new Dns(dns.getNameservers(), dns.getSearchDomains()),
        spec.getDerpMap() == null || spec.getDerpMap().isNull() ? null : spec.getDerpMap().deepCopy(),
        rules);
  }

  /** Resolvers and search domains for the overlay. */
  @JsonPropertyOrder({"nameservers", "search"})
  public record Dns(@JsonProperty("nameservers") List<String> nameservers, @JsonProperty("search") List<String> search) {
    public Dns {
      nameservers = nameservers == null ? List.of() : List.copyOf(nameservers);
      search = search == null ? List.of() : List.copyOf(search);
    }
  }

  /** One packet filter rule as agents apply it; the enum values are the CRD's. */
  @JsonPropertyOrder({"action", "protocol", "from_taints", "to_taints", "ports"})
  public record FilterRule(
      @JsonProperty("action") PacketFilterRule.Action action,
      @JsonProperty("protocol") PacketFilterRule.Protocol protocol,
      @JsonProperty("from_taints") List<String> fromTaints,
      @JsonProperty("to_taints") List<String> toTaints,
      @JsonProperty("ports") List<String> ports) {

    public FilterRule {
      action = action == null ? PacketFilterRule.Action.Accept : action;
      protocol = protocol == null ? PacketFilterRule.Protocol.Any : protocol;
      fromTaints = fromTaints == null ? List.of() : List.copyOf(fromTaints);
      toTaints = toTaints == null ? List.of() : List.copyOf(toTaints);
      ports = ports == null ? List.of() : List.copyOf(ports);
    }

    static FilterRule of(PacketFilterRule rule) {
      return new FilterRule(rule.getAction(), rule.getProtocol(), rule.getFromTaints(), rule.getToTaints(), rule.getPorts());
    }
  }
}
