package io.cvlan.helm;

import static io.cvlan.helm.Manifests.NAMESPACE;
import static io.cvlan.helm.Manifests.ofKind;
import static io.cvlan.helm.Manifests.one;
import static io.cvlan.helm.Manifests.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** config/ (kustomize) is a second way to install the operator: it must say what the chart says with default values. */
class ConfigKustomizeTest {
  static final Path CONFIG = Path.of("config");
  static List<HasMetadata> chart;
  static List<HasMetadata> config;

  @BeforeAll
  static void load() throws IOException {
    chart = HelmChartTest.renderDefaults();
    config = new ArrayList<>();
    for (String base : List.of("rbac", "manager")) {
      for (Path file : resources(CONFIG.resolve(base))) {
        config.addAll(parse(Files.readString(file)));
      }
    }
  }

  @Test
  void everyKustomizationResourceExists() throws IOException {
    for (String base : List.of("crd", "rbac", "manager", "default")) {
      Path dir = CONFIG.resolve(base);
      for (String entry : entries(dir)) {
        assertThat(dir.resolve(entry)).as("%s/kustomization.yaml lists %s", base, entry).exists();
      }
    }
    assertThat(entries(CONFIG.resolve("default"))).contains("../crd", "../rbac", "../manager");
    assertThat(Files.readString(CONFIG.resolve("default/kustomization.yaml"))).contains("namespace: " + NAMESPACE);
    assertThat(one(parse(Files.readString(CONFIG.resolve("default/namespace.yaml"))), Namespace.class).getMetadata().getName())
        .isEqualTo(NAMESPACE);
  }

  /** The operator's namespace enforces restricted, and the operator's pod passes it. */
  @Test
  void operatorNamespaceEnforcesPodSecurityRestricted() throws IOException {
    Namespace namespace = one(parse(Files.readString(CONFIG.resolve("default/namespace.yaml"))), Namespace.class);

    assertThat(namespace.getMetadata().getLabels()).containsEntry("pod-security.kubernetes.io/enforce", "restricted");
    assertThat(PodSecurityStandards.restrictedViolations(one(config, Deployment.class).getSpec().getTemplate().getSpec())).isEmpty();
  }

  @Test
  void crdBasesAreExactCopiesOfTheRepositoryCrdsAndAllListed() throws IOException {
    List<String> repo = fileNames(Path.of("crds"));
    assertThat(fileNames(CONFIG.resolve("crd/bases"))).isEqualTo(repo).isNotEmpty();
    for (String name : repo) {
      assertThat(Files.readAllBytes(CONFIG.resolve("crd/bases").resolve(name))).as("config/crd/bases/%s", name)
          .isEqualTo(Files.readAllBytes(Path.of("crds").resolve(name)));
      assertThat(ofKind(parse(Files.readString(Path.of("crds").resolve(name))), CustomResourceDefinition.class)).hasSize(1);
    }
    assertThat(entries(CONFIG.resolve("crd"))).containsExactlyInAnyOrderElementsOf(repo.stream().map(n -> "bases/" + n).toList());
  }

  @Test
  void rbacEqualsTheChart() {
    assertThat(one(config, ClusterRole.class).getRules()).isEqualTo(one(chart, ClusterRole.class).getRules());
    assertThat(one(config, Role.class).getRules()).isEqualTo(one(chart, Role.class).getRules());
    assertThat(one(config, ClusterRoleBinding.class).getRoleRef()).isEqualTo(one(chart, ClusterRoleBinding.class).getRoleRef());
    assertThat(one(config, ClusterRoleBinding.class).getSubjects()).isEqualTo(one(chart, ClusterRoleBinding.class).getSubjects());
    assertThat(one(config, RoleBinding.class).getRoleRef()).isEqualTo(one(chart, RoleBinding.class).getRoleRef());
    assertThat(one(config, RoleBinding.class).getSubjects()).isEqualTo(one(chart, RoleBinding.class).getSubjects());
    for (Class<? extends HasMetadata> kind : List.of(ClusterRole.class, ClusterRoleBinding.class, Role.class, RoleBinding.class, ServiceAccount.class)) {
      assertThat(one(config, kind).getMetadata().getName()).isEqualTo(one(chart, kind).getMetadata().getName());
    }
  }

  @Test
  void deploymentEqualsTheChart() {
    Deployment fromConfig = one(config, Deployment.class);
    Deployment fromChart = one(chart, Deployment.class);
    assertThat(fromConfig.getMetadata().getName()).isEqualTo(fromChart.getMetadata().getName());
    assertThat(fromConfig.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .isEqualTo(fromChart.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs());
    // The whole spec: replicas, selector, pod labels, security contexts, probes, env, ports, resources, volumes.
    assertThat(fromConfig.getSpec()).isEqualTo(fromChart.getSpec());
  }

  @Test
  void servicesEqualTheChart() {
    Map<String, Service> fromConfig = byName(ofKind(config, Service.class));
    Map<String, Service> fromChart = byName(ofKind(chart, Service.class));
    assertThat(fromConfig.keySet()).isEqualTo(fromChart.keySet());
    fromChart.forEach((name, service) -> {
      assertThat(fromConfig.get(name).getSpec()).as(name).isEqualTo(service.getSpec());
      assertThat(fromConfig.get(name).getMetadata().getLabels()).as(name)
          .containsAllEntriesOf(Map.of("app.kubernetes.io/component", "operator"));
    });
    assertThat(fromConfig.get("cvlan-operator-metrics").getMetadata().getLabels()).containsEntry("cvlan.io/service", "metrics");
  }

  /** With kubectl on the PATH (it is here; not required), build config/default exactly as `kubectl apply -k` would. */
  @Test
  void kubectlKustomizeBuildsConfigDefault() throws Exception {
    assumeTrue(Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, "kubectl"))), "kubectl not found");
    Process process = new ProcessBuilder("kubectl", "kustomize", "config/default").redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    List<HasMetadata> built = parse(out);
    assertThat(Manifests.kinds(built)).containsExactly("ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition",
        "CustomResourceDefinition", "CustomResourceDefinition", "CustomResourceDefinition", "CustomResourceDefinition", "Deployment",
        "Namespace", "Role", "RoleBinding", "Service", "Service", "ServiceAccount");
    assertThat(built).filteredOn(r -> !r.getKind().startsWith("Cluster") && !r.getKind().equals("CustomResourceDefinition")
        && !r.getKind().equals("Namespace")).allSatisfy(r -> assertThat(r.getMetadata().getNamespace()).isEqualTo(NAMESPACE));
    assertThat(one(built, Deployment.class).getSpec()).isEqualTo(one(chart, Deployment.class).getSpec());
  }

  private static Map<String, Service> byName(List<Service> services) {
    return services.stream().collect(Collectors.toMap(s -> s.getMetadata().getName(), Function.identity()));
  }

  /** The `resources:` entries of a kustomization.yaml (a simple list, one per line). */
  static List<String> entries(Path dir) throws IOException {
    List<String> out = new ArrayList<>();
    boolean inResources = false;
    for (String line : Files.readAllLines(dir.resolve("kustomization.yaml"))) {
      if (!line.startsWith(" ") && !line.startsWith("-")) {
        inResources = line.startsWith("resources:");
      } else if (inResources && line.strip().startsWith("- ")) {
        out.add(line.strip().substring(2).strip());
      }
    }
    return out;
  }

  private static List<Path> resources(Path dir) throws IOException {
    return entries(dir).stream().map(dir::resolve).toList();
  }

  private static List<String> fileNames(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
