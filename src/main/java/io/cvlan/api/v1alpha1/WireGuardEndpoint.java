package io.cvlan.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Where a node's WireGuard listens, as seen by its peers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WireGuardEndpoint {
  @Required
  @Size(min = 1, max = Validation.HOSTNAME_MAX_LENGTH)
  @JsonPropertyDescription("Host name or IP address peers send WireGuard traffic to, at most 253 characters. Required.")
  private String host;

  @Required
  @Min(1)
  @Max(65535)
  @JsonPropertyDescription("UDP port of the WireGuard endpoint, 1-65535. Required.")
  private Integer port;

  public String getHost() {
    return host;
  }

  public void setHost(String host) {
    this.host = host;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }
}
