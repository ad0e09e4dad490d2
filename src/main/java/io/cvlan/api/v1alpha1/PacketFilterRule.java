package io.cvlan.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** One rule of the packet filter agents apply to overlay traffic; rules are evaluated in order. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PacketFilterRule {
  // Entries the pattern refuses are skipped: int() of them would fail and add a second error to the pattern's.
  private static final String PORT_SHAPE = "p.matches('" + Validation.PORT_OR_RANGE + "')";
  static final String PORTS_IN_RANGE = "self.all(p, !" + PORT_SHAPE + " || p.split('-').all(n, int(n) <= 65535))";
  static final String RANGES_IN_ORDER =
      "self.all(p, !" + PORT_SHAPE + " || !p.contains('-') || int(p.split('-')[0]) <= int(p.split('-')[1]))";

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
  @ValidationRule(value = PORTS_IN_RANGE, message = "ports must be between 1 and 65535")
  @ValidationRule(value = RANGES_IN_ORDER, message = "a port range a-b must not end below its start")
  @JsonPropertyDescription("Destination ports or ranges, e.g. 443 or 8000-8100, between 1 and 65535; empty matches all. At most 64.")
  private List<@Size(max = 11) @Pattern(Validation.PORT_OR_RANGE) String> ports = new ArrayList<>();

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
