package io.cvlan.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class CVLANStatus extends ConditionedStatus {
  /** Addresses that can be handed out: the IPv4 range net of reserved addresses. */
  private Long capacity;
  private Long allocated;
  private Long free;
  private Integer nodes;
  private List<String> peerConfigMaps = new ArrayList<>();
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
