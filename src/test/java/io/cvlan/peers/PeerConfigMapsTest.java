package io.cvlan.peers;

import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.CVLANSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PeerConfigMapsTest {
  static CVLAN blue() {
    CVLAN cvlan = new CVLAN();
    cvlan.getMetadata().setName("blue");
    cvlan.getMetadata().setNamespace("tenant-a");
    cvlan.getMetadata().setUid("6f1c2a9e-0d3b-4c51-9a47-2f8e1b7c5d10");
    cvlan.setSpec(new CVLANSpec());
    cvlan.getSpec().setCidr("10.100.0.0/16");
    return cvlan;
  }

  @Test
  void shardZeroOfACvlanIsTheGoldenConfigMap() {
    CVLAN blue = blue();
    Map<String, String> entries = Map.of(
        "node-7", PeerCodec.toJson(PeerCodecTest.NODE),
        "vr-eu", PeerCodec.toJson(PeerCodecTest.VROUTER));
    List<Map<String, String>> layout = PeerShards.layout(entries, PeerCodec.settingsToJson(CvlanSettings.of(blue)));

    ConfigMap shard = PeerConfigMaps.desired(blue, 0, layout.get(0), 3);

    // Compared as objects: the golden YAML is written for a reviewer, not byte-for-byte like the serializer.
    ConfigMap golden = Serialization.unmarshal(PeerCodecTest.golden("blue-peers-0.yaml"), ConfigMap.class);
    assertThat(shard).isEqualTo(golden);
  }

  @Test
  void versionIsReadFromTheAnnotationAndAbsentWhenUnreadable() {
    ConfigMap shard = PeerConfigMaps.desired(blue(), 0, Map.of(), 41);

    assertThat(PeerConfigMaps.versionOf(shard)).hasValue(41);
    shard.getMetadata().getAnnotations().put(PeerConfigMaps.VERSION_ANNOTATION, "forty-two");
    assertThat(PeerConfigMaps.versionOf(shard)).isEmpty();
    shard.getMetadata().setAnnotations(null);
    assertThat(PeerConfigMaps.versionOf(shard)).isEmpty();
  }

  @Test
  void theSelectorUsesEqualityLabelsOnly() {
    assertThat(PeerConfigMaps.selector("blue"))
        .containsExactlyInAnyOrderEntriesOf(Map.of("cvlan.io/cvlan", "blue", "app.kubernetes.io/component", "peers"));
    assertThat(List.of(PeerShards.configMapName("blue", 0))).containsExactly("blue-peers-0");
  }
}
