package io.cvlan.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Vrf {
  @Required
  @JsonPropertyDescription("Name of the VRF, by which interfaces refer to it. Required.")
  private String name;

  @Required
  @Min(0)
  @JsonPropertyDescription("Routing table id of the VRF on the vrouter, 0 or more. Required.")
  private Integer tableId;

  @JsonPropertyDescription("Routes of the VRF, passed to the vrouter as written; the operator does not check them.")
  private List<String> routes = new ArrayList<>();

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Integer getTableId() {
    return tableId;
  }

  public void setTableId(Integer tableId) {
    this.tableId = tableId;
  }

  public List<String> getRoutes() {
    return routes;
  }

  public void setRoutes(List<String> routes) {
    this.routes = routes;
  }
}
