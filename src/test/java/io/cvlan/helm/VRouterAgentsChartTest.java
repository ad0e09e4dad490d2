package io.cvlan.helm;

import static io.cvlan.helm.Manifests.CHART;
import static io.cvlan.helm.Manifests.NAMESPACE;
import static io.cvlan.helm.Manifests.RELEASE;
import static io.cvlan.helm.Manifests.ofKind;
import static io.cvlan.helm.Manifests.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** templates/vrouter-agents.yaml: a VRouter agent Deployment per entry of {@code vrouters}, none by default. */
class VRouterAgentsChartTest {
  @TempDir
  Path tmp;

  private List<HasMetadata> render(String values) throws IOException {
    Path file = Files.createTempFile(tmp, "values", ".yaml");
    Files.writeString(file, values);
    return parse(new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE).withValuesFile(file).call());
  }

  private static List<Deployment> vrouterAgents(List<HasMetadata> all) {
    return ofKind(all, Deployment.class).stream()
        .filter(d -> "vrouter".equals(d.getMetadata().getLabels().get("app.kubernetes.io/component"))).toList();
  }

  @Test
  void noVRouterAgentByDefault() throws IOException {
    assertThat(vrouterAgents(render("{}\n"))).isEmpty();
  }

  @Test
  void eachEntryRunsOneVRouterAgentWithItsJoinSecretAndSiteInterface() throws IOException {
    List<Deployment> agents = vrouterAgents(render("""
        vrouters:
          - name: edge
            siteInterface: eth1
            nodeSelector:
              cvlan.io/gateway: "true"
          - name: dc2
            namespace: team-a
            backend: uapi
        """));

    assertThat(agents).extracting(d -> d.getMetadata().getName()).containsExactly("cvlan-operator-vrouter-edge", "cvlan-operator-vrouter-dc2");
    Deployment edge = agents.get(0);
    assertThat(edge.getSpec().getReplicas()).isEqualTo(1);
    assertThat(edge.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    PodSpec pod = edge.getSpec().getTemplate().getSpec();
    assertThat(pod.getHostNetwork()).isTrue();
    assertThat(pod.getNodeSelector()).containsEntry("cvlan.io/gateway", "true");
    Container agent = pod.getContainers().get(0);
    assertThat(agent.getArgs()).containsExactly("agent", "--mode=vrouter", "--token-file=/etc/cvlan/token",
        "--data-dir=/var/lib/cvlan-vrouter/edge", "--listen-port=51820", "--backend=wg", "--interface-prefix=cvl-", "--site-interface=eth1");
    Volume join = pod.getVolumes().stream().filter(v -> v.getName().equals("join")).findFirst().orElseThrow();
    assertThat(join.getSecret().getSecretName()).isEqualTo("edge-join");
    assertThat(edge.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
    assertThat(agents.get(1).getMetadata().getNamespace()).as("the VRouter's namespace, where its join Secret is").isEqualTo("team-a");
    assertThat(agents.get(1).getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()).contains("--backend=uapi")
        .noneMatch(a -> a.startsWith("--site-interface"));
  }

  @Test
  void entryWithoutANameFailsTheSchema() {
    assertThatThrownBy(() -> render("vrouters:\n  - siteInterface: eth1\n")).hasMessageContaining("name");
  }
}
