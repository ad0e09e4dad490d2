package io.cvlan.operator;

import static io.cvlan.testing.Statuses.condition;
import static io.cvlan.testing.Statuses.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.IPAllocation;
import io.cvlan.api.v1alpha1.NodePhase;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.api.v1alpha1.VRouter;
import io.cvlan.model.CvlanConditions;
import io.cvlan.peers.Peer;
import io.cvlan.peers.PeerCodec;
import io.cvlan.peers.PeerKind;
import io.cvlan.testing.OperatorFixture;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CvlanPeersTest {
  @RegisterExtension
  static final OperatorFixture k8s = new OperatorFixture();

  private List<ConfigMap> peerConfigMaps(String cvlan) {
    return k8s.client().configMaps().inNamespace(k8s.namespace()).withLabel("cvlan.io/cvlan", cvlan).list().getItems();
  }

  private ConfigMap awaitShardZero(String cvlan, Predicate<Map<String, String>> data) {
    return Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
        .until(() -> k8s.get(ConfigMap.class, cvlan + "-peers-0"), cm -> cm != null && data.test(cm.getData()));
  }

  private static long version(ConfigMap configMap) {
    return Long.parseLong(configMap.getMetadata().getAnnotations().get("cvlan.io/version"));
  }

  private OverlayNode readyNode(String name, String cvlan) {
    k8s.createNode(name, cvlan, n -> n.getSpec().setTaints(List.of("db")));
    return k8s.awaitUntil(OverlayNode.class, name, n -> n.getStatus() != null && n.getStatus().getPhase() == NodePhase.Ready);
  }

  @Test
  void readyNodeIsListedUnderItsIdWithAddressKeyAndTaints() {
    k8s.createCvlan("blue", "10.90.0.0/24");
    OverlayNode node = readyNode("laptop", "blue");

    ConfigMap shard = awaitShardZero("blue", d -> d.containsKey("laptop"));
    Peer peer = PeerCodec.fromJson("laptop", shard.getData().get("laptop"));

    assertThat(peer.publicKey()).isEqualTo(node.getSpec().getPublicKey());
    assertThat(peer.ipv4()).isEqualTo(node.getStatus().getIpv4());
    assertThat(peer.taints()).containsExactly("db");
    assertThat(peer.kind()).isEqualTo(PeerKind.node);
    assertThat(shard.getMetadata().getLabels()).containsEntry("app.kubernetes.io/component", "peers");
  }

  @Test
  void shardZeroCarriesTheCvlanSettings() {
    k8s.createCvlan("blue", spec -> {
      spec.setCidr("10.90.0.0/24");
      spec.setMtu(1380);
    });

    ConfigMap shard = awaitShardZero("blue", d -> d.containsKey("cvlan.json"));

    assertThat(shard.getData().get("cvlan.json")).contains("\"listen_port\":51820").contains("\"mtu\":1380");
  }

  @Test
  void cvlanStatusNamesItsPeerConfigMapsAndVersion() {
    k8s.createCvlan("blue", "10.90.0.0/24");
    readyNode("laptop", "blue");
    long version = version(awaitShardZero("blue", d -> d.containsKey("laptop")));

    CVLAN blue = k8s.awaitUntil(CVLAN.class, "blue", c -> c.getStatus().getPeerVersion() != null && c.getStatus().getPeerVersion() >= version);

    assertThat(blue.getStatus().getPeerConfigMaps()).contains("blue-peers-0");
    assertThat(blue.getStatus().getNodes()).isEqualTo(1);
    assertThat(blue.getStatus().getAllocated()).isEqualTo(1);
  }

  @Test
  void deletedNodeLosesItsKeyAndTheVersionMovesOn() {
    k8s.createCvlan("blue", "10.90.0.0/24");
    readyNode("laptop", "blue");
    readyNode("desktop", "blue");
    long before = version(awaitShardZero("blue", d -> d.containsKey("laptop") && d.containsKey("desktop")));

    k8s.client().resources(OverlayNode.class).inNamespace(k8s.namespace()).withName("laptop").delete();

    ConfigMap after = awaitShardZero("blue", d -> !d.containsKey("laptop"));
    assertThat(after.getData()).containsKey("desktop");
    assertThat(version(after)).isGreaterThan(before);
  }

  @Test
  void nodeThatIsNotReadyIsNotListed() {
    k8s.createCvlan("tiny", "10.91.0.0/30");
    readyNode("first", "tiny");
    k8s.createNode("second", "tiny");
    k8s.awaitUntil(OverlayNode.class, "second", n -> hasCondition(n, "AddressesAllocated", "False"));

    ConfigMap shard = awaitShardZero("tiny", d -> d.containsKey("first"));

    assertThat(shard.getData()).doesNotContainKey("second");
  }

  @Test
  void registeredVRouterIsListedWithItsRoutes() {
    k8s.createCvlan("blue", "10.90.0.0/24");
    k8s.createVRouter("edge", spec -> {
      spec.setCvlans(List.of("blue"));
      spec.setRoutes(List.of("192.168.10.0/24"));
    });
    k8s.awaitUntil(VRouter.class, "edge", v -> hasCondition(v, "Ready", "True"));
    String key = OperatorFixture.randomWireGuardKey();

    k8s.client().resources(VRouter.class).inNamespace(k8s.namespace()).withName("edge").editStatus(v -> {
      v.getStatus().setPublicKey(key);
      return v;
    });

    Peer peer = PeerCodec.fromJson("vrouter-edge", awaitShardZero("blue", d -> d.containsKey("vrouter-edge")).getData().get("vrouter-edge"));
    assertThat(peer.kind()).isEqualTo(PeerKind.vrouter);
    assertThat(peer.publicKey()).isEqualTo(key);
    assertThat(peer.routes()).containsExactly("192.168.10.0/24");
    assertThat(peer.allowedIps()).contains("192.168.10.0/24", peer.ipv4() + "/32");
  }

  @Test
  void deletedCvlanTakesItsPeersAddressesAndCaWithIt() {
    k8s.createCvlan("blue", "10.90.0.0/24");
    readyNode("laptop", "blue");
    awaitShardZero("blue", d -> d.containsKey("laptop"));

    k8s.client().resources(CVLAN.class).inNamespace(k8s.namespace()).withName("blue").delete();

    Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(k8s.get(CVLAN.class, "blue")).isNull();
      assertThat(peerConfigMaps("blue")).isEmpty();
      assertThat(k8s.client().resources(IPAllocation.class).inNamespace(k8s.namespace()).list().getItems()).isEmpty();
      assertThat(k8s.get(Secret.class, "blue-ca-key")).isNull();
    });
  }

  @Test
  void namedIssuerWithoutCertManagerIsReportedOnTheCvlan() {
    k8s.createCvlan("blue", spec -> {
      spec.setCidr("10.90.0.0/24");
      OperatorFixture.useClusterIssuer(spec, "corp-ca");
    });

    CVLAN blue = k8s.awaitUntil(CVLAN.class, "blue", c -> hasCondition(c, CvlanConditions.CERTIFICATES, "False"));

    assertThat(condition(blue, CvlanConditions.CERTIFICATES).getReason()).isEqualTo(CvlanConditions.REASON_CERT_MANAGER_NOT_INSTALLED);
    assertThat(condition(blue, CvlanConditions.CERTIFICATES).getMessage()).contains("ClusterIssuer/corp-ca").contains("install cert-manager");
  }
}
