package io.cvlan.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.Labels;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrimmedStoreTest {
  static OverlayNode heavyNode() {
    OverlayNode node = new OverlayNode();
    node.getMetadata().setName("laptop");
    node.getMetadata().setNamespace("tenant-a");
    node.getMetadata().setLabels(Map.of(Labels.CVLAN, "blue"));
    node.getMetadata().setManagedFields(List.of(new ManagedFieldsEntry()));
    node.getMetadata().setAnnotations(new HashMap<>(Map.of(Labels.CSR_ANNOTATION, "csr", Labels.CERTIFICATE_ANNOTATION, "pem",
        "team", "a")));
    return node;
  }

  @Test
  void storedObjectsLeaveOutManagedFieldsAndTheCertificateAnnotations() {
    TrimmedStore<OverlayNode> store = Trims.store();

    store.put("tenant-a/laptop", heavyNode());

    OverlayNode kept = store.get("tenant-a/laptop");
    assertThat(kept.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(kept.getMetadata().getAnnotations()).containsExactly(Map.entry("team", "a"));
    assertThat(kept.getMetadata().getLabels()).containsExactly(Map.entry(Labels.CVLAN, "blue"));
  }

  @Test
  void keysAreNamespaceSlashNameAsInformersExpect() {
    TrimmedStore<OverlayNode> store = Trims.store();

    assertThat(store.getKey(heavyNode())).isEqualTo("tenant-a/laptop");
  }

  @Test
  void nodeLookupsAlsoLeaveOutTheStatusConditionsButKeepThePhaseAndAddresses() {
    OverlayNode node = heavyNode();
    node.setStatus(new io.cvlan.api.v1alpha1.NodeStatus());
    node.getStatus().setPhase(io.cvlan.api.v1alpha1.NodePhase.Ready);
    node.getStatus().setIpv4("10.100.0.7");
    node.getStatus().setConditions(List.of(new io.fabric8.kubernetes.api.model.ConditionBuilder().withType("Ready").build()));
    TrimmedStore<OverlayNode> store = Trims.nodeLookups();

    store.put("tenant-a/laptop", node);

    OverlayNode kept = store.get("tenant-a/laptop");
    assertThat(kept.getStatus().getConditions()).isNullOrEmpty();
    assertThat(kept.getStatus().getPhase()).isEqualTo(io.cvlan.api.v1alpha1.NodePhase.Ready);
    assertThat(kept.getStatus().getIpv4()).isEqualTo("10.100.0.7");
    assertThat(kept.getMetadata().getAnnotations()).containsExactly(Map.entry("team", "a"));
  }
}
