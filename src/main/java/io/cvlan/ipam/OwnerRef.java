package io.cvlan.ipam;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Who holds a claim. The kind is part of it: a Node and a VRouter may share a name. */
record OwnerRef(String kind, String name) {
  static OwnerRef of(HasMetadata owner) {
    return new OwnerRef(owner.getKind(), owner.getMetadata().getName());
  }

  @Override
  public String toString() {
    return kind + "/" + name;
  }
}
