package io.cvlan.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.CVLANSpec;
import io.cvlan.api.v1alpha1.NodePhase;
import io.cvlan.api.v1alpha1.NodeSpec;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.embedded.EmbeddedApiServer;
import io.cvlan.operator.token.RegistrationApiRef;
import io.cvlan.testing.OperatorFixture;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 10: what the operator writes, the API server records as written by cvlan-operator (managedFields),
 * not by the client library it happens to use. The embedded server records the manager a real one would: the
 * fieldManager parameter, else the User-Agent up to its first slash.
 */
class OperatorClientTest {
  private static final String NAMESPACE = "tenant-a";

  @Test
  void everyWriteOfTheOperatorIsManagedByCvlanOperator() {
    try (EmbeddedApiServer api = EmbeddedApiServer.start();
        KubernetesClient operatorClient = OperatorClient.connect(Config.fromKubeconfig(api.kubeconfig()));
        CvlanOperator operator = CvlanOperator.start(operatorClient, OperatorSettings.defaults(Clock.systemUTC(),
            new RegistrationApiRef(OperatorFixture.SERVER_URL, OperatorFixture.CA_PEM)))) {
      KubernetesClient user = api.client();
      user.resource(cvlan()).create();
      user.resource(node()).create();

      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
        OverlayNode node = user.resources(OverlayNode.class).inNamespace(NAMESPACE).withName("vm-1").get();
        return node.getStatus() != null && node.getStatus().getPhase() == NodePhase.Ready
            && user.configMaps().inNamespace(NAMESPACE).withName("blue-peers-0").get() != null;
      });

      Map<String, Set<String>> managers = api.fieldManagers();
      assertThat(managers).containsKeys("cvlans/status", "nodes/status", "ipallocations", "configmaps", "secrets", "events");
      assertThat(managers).allSatisfy((resource, writers) -> {
        if (resource.endsWith("/status") || Set.of("ipallocations", "configmaps", "secrets", "events").contains(resource)) {
          assertThat(writers).as(resource).containsExactly(OperatorClient.FIELD_MANAGER);
        }
      });
      assertThat(managers.get("cvlans")).as("the user's own create stays the user's")
          .contains("fabric8-kubernetes-client", OperatorClient.FIELD_MANAGER);
    }
  }

  private static CVLAN cvlan() {
    CVLAN cvlan = new CVLAN();
    cvlan.getMetadata().setName("blue");
    cvlan.getMetadata().setNamespace(NAMESPACE);
    cvlan.setSpec(new CVLANSpec());
    cvlan.getSpec().setCidr("10.72.0.0/24");
    return cvlan;
  }

  private static OverlayNode node() {
    OverlayNode node = new OverlayNode();
    node.getMetadata().setName("vm-1");
    node.getMetadata().setNamespace(NAMESPACE);
    node.setSpec(new NodeSpec());
    node.getSpec().setCvlan("blue");
    node.getSpec().setHostname("vm-1");
    node.getSpec().setPublicKey(OperatorFixture.randomWireGuardKey());
    return node;
  }
}
