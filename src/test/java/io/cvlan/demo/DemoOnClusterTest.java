package io.cvlan.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.CVLANSpec;
import io.cvlan.api.v1alpha1.IPAllocation;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.api.v1alpha1.RegistrationToken;
import io.cvlan.api.v1alpha1.VRouter;
import io.cvlan.embedded.EmbeddedApiServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `cvlan demo --kubeconfig FILE`: the embedded API server stands in for the cluster, reached through a kubeconfig
 * file as a real one would be. The demo makes its namespace, reconciles only that namespace, can be run again,
 * and removes what it made unless told to keep it.
 */
class DemoOnClusterTest {
  private static final String NAMESPACE = "cvlan-demo";
  private static final List<Class<? extends HasMetadata>> DEMO_KINDS =
      List.of(CVLAN.class, RegistrationToken.class, VRouter.class, OverlayNode.class, IPAllocation.class);

  @TempDir
  Path dir;
  private EmbeddedApiServer cluster;
  private Path kubeconfig;

  @BeforeEach
  void startCluster() throws Exception {
    cluster = EmbeddedApiServer.start();
    kubeconfig = Files.writeString(dir.resolve("kubeconfig"), cluster.kubeconfig());
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  private String demo(boolean keep) throws Exception {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    boolean ok = new Demo(new PrintStream(output, true, StandardCharsets.UTF_8), NAMESPACE, Duration.ofSeconds(60), 2, false, keep)
        .run(kubeconfig);
    String printed = output.toString(StandardCharsets.UTF_8);
    assertThat(ok).as(printed).isTrue();
    return printed;
  }

  private long objects(Class<? extends HasMetadata> kind) {
    return cluster.client().resources(kind).inNamespace(NAMESPACE).list().getItems().size();
  }

  @Test
  void demoOnAClusterRemovesEverythingItMadeWhenDone() throws Exception {
    String printed = demo(false);

    assertThat(printed).contains("created namespace cvlan-demo").contains("deleted namespace cvlan-demo");
    KubernetesClient client = cluster.client();
    assertThat(client.namespaces().withName(NAMESPACE).get()).isNull();
    assertThat(DEMO_KINDS).allSatisfy(kind -> assertThat(objects(kind)).as(kind.getSimpleName()).isZero());
    assertThat(client.secrets().inNamespace(NAMESPACE).list().getItems()).isEmpty();
    assertThat(client.configMaps().inNamespace(NAMESPACE).list().getItems()).isEmpty();
  }

  @Test
  void demoReconcilesOnlyItsOwnNamespace() throws Exception {
    KubernetesClient client = cluster.client();
    client.resource(new NamespaceBuilder().withNewMetadata().withName("tenant-x").endMetadata().build()).create();
    CVLAN theirs = new CVLAN();
    theirs.getMetadata().setName("theirs");
    theirs.getMetadata().setNamespace("tenant-x");
    theirs.setSpec(new CVLANSpec());
    theirs.getSpec().setCidr("10.200.0.0/24");
    client.resource(theirs).create();

    demo(true);

    CVLAN untouched = client.resources(CVLAN.class).inNamespace("tenant-x").withName("theirs").get();
    assertThat(untouched.getStatus()).isNull();
    assertThat(untouched.getMetadata().getFinalizers()).isEmpty();
  }

  @Test
  void keptDemoLeavesItsObjectsAndASecondRunStillSucceeds() throws Exception {
    demo(true);

    assertThat(cluster.client().namespaces().withName(NAMESPACE).get()).isNotNull();
    assertThat(objects(CVLAN.class)).isEqualTo(2);
    assertThat(objects(OverlayNode.class)).isEqualTo(2);

    String second = demo(false);

    assertThat(second).contains("namespace cvlan-demo exists").contains("every agent has programmed the other 1 into its WireGuard");
    assertThat(cluster.client().namespaces().withName(NAMESPACE).get()).isNull();
    assertThat(DEMO_KINDS).allSatisfy(kind -> assertThat(objects(kind)).as(kind.getSimpleName()).isZero());
  }
}
