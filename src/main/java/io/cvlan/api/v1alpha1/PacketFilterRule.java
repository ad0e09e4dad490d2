package io.cvlan.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** One rule of the packet filter agents apply to overlay traffic; rules are evaluated in order. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PacketFilterRule {
  public enum Action { Accept, Drop }

  public enum Protocol { Any, TCP, UDP, ICMP }

  @Default("Accept")
  @JsonPropertyDescription("What happens to traffic the rule matches: Accept (default) or Drop.")
  private Action action = Action.Accept;

  @Default("Any")
  @JsonPropertyDescription("Protocol the rule matches: Any (default), TCP, UDP or ICMP.")
  private Protocol protocol = Protocol.Any;

  @Size(max = 32)
  @JsonPropertyDescription("Source nodes by taint; empty matches every node. At most 32.")
  private List<String> fromTaints = new ArrayList<>();

  @Size(max = 32)
  @JsonPropertyDescription("Destination nodes by taint; empty matches every node. At most 32.")
  private List<String> toTaints = new ArrayList<>();

  @Size(max = 64)
  @JsonPropertyDescription("Destination ports or ranges, e.g. 443 or 8000-8100; empty matches all. At most 64.")
  private List<String> ports = new ArrayList<>();

  public Action getAction() {
    return action;
  }

  public void setAction(Action action) {
    this.action = action;
  }

  public Protocol getProtocol() {
    return protocol;
  }

  public void setProtocol(Protocol protocol) {
    this.protocol = protocol;
  }

  public List<String> getFromTaints() {
    return fromTaints;
  }

  public void setFromTaints(List<String> fromTaints) {
    this.fromTaints = fromTaints;
  }

  public List<String> getToTaints() {
    return toTaints;
  }

  public void setToTaints(List<String> toTaints) {
    this.toTaints = toTaints;
  }

  public List<String> getPorts() {
    return ports;
  }

  public void setPorts(List<String> ports) {
    this.ports = ports;
  }
}
