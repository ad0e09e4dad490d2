package io.cvlan.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class DnsSpec {
  @Size(max = 8)
  @ValidationRule(value = "self.all(n, isIP(n))", message = "every nameserver must be an IP address, e.g. 10.100.0.1")
  @JsonPropertyDescription("DNS servers for the overlay (IP addresses), handed to agents as written; at most 8.")
  private List<@Size(max = Validation.IP_MAX_LENGTH) String> nameservers = new ArrayList<>();

  @Size(max = 16)
  @JsonPropertyDescription("DNS search domains for the overlay (host names, optionally ending in a dot), handed to agents as written; at most 16.")
  private List<@Size(max = Validation.HOSTNAME_MAX_LENGTH + 1) @Pattern(Validation.SEARCH_DOMAIN) String> searchDomains = new ArrayList<>();

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
