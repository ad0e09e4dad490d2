package io.cvlan.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The embedded server finds objects by name through an index: it must answer exactly as the full scan did. */
class EmbeddedApiServerNameIndexTest {
  private static EmbeddedApiServer server;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    server = EmbeddedApiServer.start();
    client = server.client();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static ConfigMap configMap(String namespace, String name, String value) {
    return new ConfigMapBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
        .addToData("value", value).build();
  }

  @Test
  void anObjectIsFoundByNameThroughCreateRelabelDeleteAndCreateAgain() {
    client.resource(configMap("life", "cm", "1")).create();
    assertThat(client.configMaps().inNamespace("life").withName("cm").get().getData()).containsEntry("value", "1");

    client.configMaps().inNamespace("life").withName("cm").edit(cm -> {
      cm.getMetadata().setLabels(Map.of("phase", "two"));
      cm.getData().put("value", "2");
      return cm;
    });
    assertThat(client.configMaps().inNamespace("life").withName("cm").get().getData()).containsEntry("value", "2");
    assertThat(client.configMaps().inNamespace("life").withLabel("phase", "two").list().getItems()).hasSize(1);

    client.configMaps().inNamespace("life").withName("cm").delete();
    assertThat(client.configMaps().inNamespace("life").withName("cm").get()).isNull();

    client.resource(configMap("life", "cm", "3")).create();
    assertThat(client.configMaps().inNamespace("life").withName("cm").get().getData()).containsEntry("value", "3");
  }

  @Test
  void objectsOfOneNameInOtherNamespacesAndKindsAreToldApart() {
    client.resource(configMap("ns-a", "same", "a")).create();
    client.resource(configMap("ns-b", "same", "b")).create();
    Secret secret = new SecretBuilder().withNewMetadata().withNamespace("ns-a").withName("same").endMetadata()
        .addToStringData("k", "v").build();
    client.resource(secret).create();

    client.configMaps().inNamespace("ns-a").withName("same").delete();

    assertThat(client.configMaps().inNamespace("ns-a").withName("same").get()).isNull();
    assertThat(client.configMaps().inNamespace("ns-b").withName("same").get().getData()).containsEntry("value", "b");
    assertThat(client.secrets().inNamespace("ns-a").withName("same").get()).isNotNull();
  }

  @Test
  void aCreateOfANameTakenIsRefusedAsAConflict() {
    client.resource(configMap("taken", "cm", "1")).create();

    assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(
        () -> client.resource(configMap("taken", "cm", "2")).create(),
        io.fabric8.kubernetes.client.KubernetesClientException.class).getCode()).isEqualTo(409);
  }

  @Test
  void aNamedReadWhileTheObjectIsWrittenNeverMissesIt() throws Exception {
    client.resource(configMap("race", "cm", "0")).create();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> writer = pool.submit(() -> {
        for (int i = 1; i <= 200; i++) {
          String value = String.valueOf(i);
          client.configMaps().inNamespace("race").withName("cm").edit(cm -> {
            cm.getData().put("value", value);
            return cm;
          });
        }
      });
      List<ConfigMap> reads = new ArrayList<>();
      while (!writer.isDone()) {
        reads.add(client.configMaps().inNamespace("race").withName("cm").get());
      }
      writer.get();
      assertThat(reads).isNotEmpty().doesNotContainNull();
    } finally {
      pool.shutdownNow();
    }
  }
}
