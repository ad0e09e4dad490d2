package io.cvlan.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class PodRef {
  @Required
  @JsonPropertyDescription("Namespace of the Pod.")
  private String namespace;

  @Required
  @JsonPropertyDescription("Name of the Pod.")
  private String name;

  @Required
  @JsonPropertyDescription("UID of the Pod (metadata.uid); the Node's owner reference to the Pod uses it.")
  private String uid;

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getUid() {
    return uid;
  }

  public void setUid(String uid) {
    this.uid = uid;
  }
}
