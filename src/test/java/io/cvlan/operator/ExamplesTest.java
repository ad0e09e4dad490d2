package io.cvlan.operator;

import static io.cvlan.testing.Statuses.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.RegistrationToken;
import io.cvlan.api.v1alpha1.VRouter;
import io.cvlan.model.CvlanConditions;
import io.cvlan.testing.OperatorFixture;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The files under examples/ are what users copy first: each must do what its header says. */
class ExamplesTest {
  @RegisterExtension
  static final OperatorFixture k8s = new OperatorFixture();

  private static final Path EXAMPLES = Path.of("examples");
  private static final Map<String, Class<? extends HasMetadata>> CVLAN_KINDS =
      Map.of("CVLAN", CVLAN.class, "RegistrationToken", RegistrationToken.class, "VRouter", VRouter.class);

  private static List<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  private static String kindOf(String yaml) {
    return Serialization.unmarshal(yaml, GenericKubernetesResource.class).getKind();
  }

  @Test
  void everyExampleStartsWithACommentSayingWhatItIs() throws IOException {
    for (Path example : examples()) {
      assertThat(Files.readString(example)).as(example.toString()).startsWith("# ");
    }
  }

  @Test
  void everyCvlanIoExampleReachesItsStateAndTheCertManagerOneReportsCertManagerNotInstalled() throws IOException {
    int applied = 0;
    for (Path example : examples()) {
      String yaml = Files.readString(example);
      Class<? extends HasMetadata> type = CVLAN_KINDS.get(kindOf(yaml));
      if (type != null) {
        HasMetadata resource = Serialization.unmarshal(yaml, type);
        resource.getMetadata().setNamespace(k8s.namespace());
        k8s.client().resource(resource).create();
        applied++;
      }
    }
    assertThat(applied).as("cvlan.io examples").isEqualTo(8);

    for (String name : List.of("blue", "tenants", "green")) {
      k8s.awaitUntil(CVLAN.class, name, c -> hasCondition(c, CvlanConditions.READY, "True"));
    }
    // No cert-manager runs here: the CVLAN works, and says why its certificates cannot come from the issuer.
    k8s.awaitUntil(CVLAN.class, "green",
        c -> hasCondition(c, CvlanConditions.CERTIFICATES, "False", CvlanConditions.REASON_CERT_MANAGER_NOT_INSTALLED));
    for (String name : List.of("blue-vm-1", "blue-fleet", "build-farm", "blue-pods")) {
      k8s.awaitUntil(RegistrationToken.class, name, t -> hasCondition(t, "Ready", "True"));
    }
    k8s.awaitUntil(VRouter.class, "edge-1", v -> hasCondition(v, "Ready", "True"));
    // What pod-sidecar.yaml projects beside its ServiceAccount token.
    assertThat(k8s.get(io.fabric8.kubernetes.api.model.ConfigMap.class, "blue-pods-registration").getData())
        .containsKeys("server", "ca.crt", "registration-token");
  }

  @Test
  void sidecarPodRunsTheAgentInSidecarModeWithItsPodIdentity() throws IOException {
    Pod pod = strictly(Path.of("pod-sidecar.yaml"), Pod.class);

    Container agent = agentOf(pod.getSpec());
    assertThat(agent.getArgs()).startsWith("agent", "--mode=sidecar");
    assertThat(fieldRefs(agent)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "POD_NAMESPACE", "metadata.namespace", "POD_NAME", "metadata.name", "POD_UID", "metadata.uid"));
    assertThat(agent.getSecurityContext().getCapabilities().getAdd()).containsExactly("NET_ADMIN");
    assertThat(agent.getSecurityContext().getPrivileged()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getSpec().getContainers()).as("the app beside the agent").hasSize(2);
  }

  @Test
  void sidecarPodJoinsWithItsProjectedServiceAccountTokenAndMountsNoSecret() throws IOException {
    Pod pod = strictly(Path.of("pod-sidecar.yaml"), Pod.class);

    Container agent = agentOf(pod.getSpec());
    assertThat(agent.getArgs()).contains("--identity-token-file=/var/run/secrets/cvlan/token");
    assertThat(pod.getSpec().getVolumes()).noneMatch(v -> v.getSecret() != null);
    var sources = pod.getSpec().getVolumes().stream().filter(v -> v.getProjected() != null).findFirst().orElseThrow()
        .getProjected().getSources();
    assertThat(sources).filteredOn(s -> s.getServiceAccountToken() != null).singleElement().satisfies(s -> {
      assertThat(s.getServiceAccountToken().getAudience()).isEqualTo("cvlan.io");
      assertThat(s.getServiceAccountToken().getExpirationSeconds()).isEqualTo(600L);
      assertThat(s.getServiceAccountToken().getPath()).isEqualTo("token");
    });
    assertThat(sources).filteredOn(s -> s.getConfigMap() != null).extracting(s -> s.getConfigMap().getName())
        .containsExactly("blue-pods-registration");
  }

  @Test
  void daemonsetRunsTheAgentOnTheHostNetworkAsItsNode() throws IOException {
    DaemonSet daemonset = strictly(Path.of("daemonset-agent.yaml"), DaemonSet.class);
    PodSpec pod = daemonset.getSpec().getTemplate().getSpec();

    Container agent = agentOf(pod);
    assertThat(pod.getHostNetwork()).isTrue();
    assertThat(agent.getArgs()).startsWith("agent", "--mode=daemonset");
    assertThat(fieldRefs(agent)).containsExactlyEntriesOf(Map.of("NODE_NAME", "spec.nodeName"));
    assertThat(agent.getSecurityContext().getCapabilities().getAdd()).containsExactly("NET_ADMIN");
    assertThat(pod.getVolumes()).anyMatch(v -> v.getHostPath() != null && "/var/lib/cvlan".equals(v.getHostPath().getPath()));
    assertThat(agent.getVolumeMounts()).anyMatch(m -> "/var/lib/cvlan".equals(m.getMountPath()));
    assertTokenMounted(pod, agent);
  }

  @Test
  void vrouterAgentRunsOnTheHostNetworkWithItsJoinSecret() throws IOException {
    Deployment deployment = strictly(Path.of("vrouter-agent.yaml"), Deployment.class);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();

    Container agent = agentOf(pod);
    assertThat(pod.getHostNetwork()).isTrue();
    assertThat(agent.getArgs()).startsWith("agent", "--mode=vrouter");
    String volume = agent.getVolumeMounts().stream().filter(m -> "/etc/cvlan".equals(m.getMountPath())).findFirst().orElseThrow().getName();
    assertThat(pod.getVolumes()).anyMatch(v -> volume.equals(v.getName()) && v.getSecret() != null
        && "edge-1-join".equals(v.getSecret().getSecretName()));
  }

  private static Container agentOf(PodSpec pod) {
    return pod.getContainers().stream().filter(c -> c.getArgs() != null && c.getArgs().contains("agent")).findFirst().orElseThrow();
  }

  private static Map<String, String> fieldRefs(Container container) {
    return container.getEnv().stream().filter(e -> e.getValueFrom() != null && e.getValueFrom().getFieldRef() != null)
        .collect(java.util.stream.Collectors.toMap(EnvVar::getName, e -> e.getValueFrom().getFieldRef().getFieldPath()));
  }

  private static void assertTokenMounted(PodSpec pod, Container agent) {
    String volume = agent.getVolumeMounts().stream().filter(m -> "/etc/cvlan".equals(m.getMountPath())).findFirst().orElseThrow().getName();
    assertThat(pod.getVolumes()).anyMatch(v -> volume.equals(v.getName()) && v.getSecret() != null
        && "blue-fleet-token".equals(v.getSecret().getSecretName()));
  }

  /** fabric8 keeps unknown fields aside instead of failing: a typo (hostNetwrok) must fail here instead. */
  private static <T extends KubernetesResource> T strictly(Path file, Class<T> type) throws IOException {
    T parsed = Serialization.unmarshal(Files.readString(EXAMPLES.resolve(file)), type);
    assertNoUnknownFields(parsed, type.getSimpleName());
    return parsed;
  }

  private static void assertNoUnknownFields(Object value, String path) {
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        assertNoUnknownFields(item, path + "[" + i++ + "]");
      }
      return;
    }
    if (value == null || !value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Class<?> c = value.getClass(); c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers())) {
          continue;
        }
        field.setAccessible(true);
        Object child;
        try {
          child = field.get(value);
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
        if ("additionalProperties".equals(field.getName())) {
          assertThat((Map<?, ?>) child).as("unknown fields at " + path).isNullOrEmpty();
        } else if (!(child instanceof Map)) {
          assertNoUnknownFields(child, path + "." + field.getName());
        }
      }
    }
  }
}
