package io.cvlan.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.OverlayNode;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

/** What the operator decodes from the API server keeps one copy of each short string, whatever decoded it. */
class SharedStringsTest {
  static final KubernetesSerialization SERIALIZATION = SharedStrings.serialization();
  static final String NODE = """
      {"apiVersion":"cvlan.io/v1alpha1","kind":"Node","metadata":{"name":"laptop-7pwnmim2","namespace":"team-a",
       "labels":{"cvlan.io/cvlan":"blue"}},"spec":{"cvlan":"blue","publicKey":"%s","hostname":"laptop"}}""";

  static OverlayNode decode(String publicKey) {
    return SERIALIZATION.unmarshal(NODE.formatted(publicKey), OverlayNode.class);
  }

  @Test
  void twoDecodingsOfOneNodeShareTheirStrings() {
    OverlayNode once = decode("x".repeat(44));
    OverlayNode again = decode("x".repeat(44));

    assertThat(again.getMetadata().getName()).isSameAs(once.getMetadata().getName());
    assertThat(again.getSpec().getPublicKey()).isSameAs(once.getSpec().getPublicKey());
    assertThat(again.getMetadata().getLabels().get("cvlan.io/cvlan")).isSameAs(once.getMetadata().getLabels().get("cvlan.io/cvlan"));
  }

  @Test
  void longValuesAreLeftAlone() {
    String certificateSized = "y".repeat(SharedStrings.MAX_SHARED_LENGTH + 1);

    assertThat(decode(certificateSized).getSpec().getPublicKey()).isNotSameAs(decode(certificateSized).getSpec().getPublicKey());
  }

  @Test
  void decodedValuesAreUnchanged() {
    OverlayNode node = decode("k".repeat(44));

    assertThat(node.getSpec().getCvlan()).isEqualTo("blue");
    assertThat(node.getSpec().getPublicKey()).isEqualTo("k".repeat(44));
    assertThat(node.getMetadata().getNamespace()).isEqualTo("team-a");
  }
}
