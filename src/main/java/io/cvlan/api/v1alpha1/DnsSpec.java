package io.cvlan.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class DnsSpec {
  @Size(max = 8)
  @JsonPropertyDescription("DNS servers for the overlay, handed to agents as written; at most 8.")
  private List<String> nameservers = new ArrayList<>();

  @Size(max = 16)
  @JsonPropertyDescription("DNS search domains for the overlay, handed to agents as written; at most 16.")
  private List<String> searchDomains = new ArrayList<>();

  public List<String> getNameservers() {
    return nameservers;
  }

  public void setNameservers(List<String> nameservers) {
    this.nameservers = nameservers;
  }

  public List<String> getSearchDomains() {
    return searchDomains;
  }

  public void setSearchDomains(List<String> searchDomains) {
    this.searchDomains = searchDomains;
  }
}
