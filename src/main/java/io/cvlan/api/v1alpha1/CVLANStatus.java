package io.cvlan.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class CVLANStatus extends ConditionedStatus {
  @JsonPropertyDescription("IPv4 addresses that can be handed out: the addresses of spec.cidr minus the reserved ones. Written by the operator.")
  private Long capacity;

  @JsonPropertyDescription("IPv4 addresses currently claimed by Nodes and VRouters (one IPAllocation each). Written by the operator.")
  private Long allocated;

  @JsonPropertyDescription("IPv4 addresses still free: capacity minus allocated. At 0 the CVLAN is Exhausted and new nodes wait. Written by the operator.")
  private Long free;

  @JsonPropertyDescription("Number of Nodes of this CVLAN, in any phase; VRouters are not counted. Written by the operator.")
  private Integer nodes;

  @JsonPropertyDescription("Names of the peer ConfigMaps (<cvlan>-peers-<shard>) that in-cluster agents watch. Written by the operator.")
  private List<String> peerConfigMaps = new ArrayList<>();

  @JsonPropertyDescription("Version of the peer list last published: the highest cvlan.io/version annotation of the peer ConfigMaps, raised with every change. Written by the operator.")
  private Long peerVersion;

  public Long getCapacity() {
    return capacity;
  }

  public void setCapacity(Long capacity) {
    this.capacity = capacity;
  }

  public Long getAllocated() {
    return allocated;
  }

  public void setAllocated(Long allocated) {
    this.allocated = allocated;
  }

  public Long getFree() {
    return free;
  }

  public void setFree(Long free) {
    this.free = free;
  }

  public Integer getNodes() {
    return nodes;
  }

  public void setNodes(Integer nodes) {
    this.nodes = nodes;
  }

  public List<String> getPeerConfigMaps() {
    return peerConfigMaps;
  }

  public void setPeerConfigMaps(List<String> peerConfigMaps) {
    this.peerConfigMaps = peerConfigMaps;
  }

  public Long getPeerVersion() {
    return peerVersion;
  }

  public void setPeerVersion(Long peerVersion) {
    this.peerVersion = peerVersion;
  }
}
