package io.cvlan.helm;

import static io.cvlan.helm.Manifests.CHART;
import static io.cvlan.helm.Manifests.NAMESPACE;
import static io.cvlan.helm.Manifests.RELEASE;
import static io.cvlan.helm.Manifests.one;
import static io.cvlan.helm.Manifests.ofKind;
import static io.cvlan.helm.Manifests.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HelmChartTest {
  static final String NON_DEFAULT = """
      operator:
        replicas: 2
        watchNamespaces: [team-a, team-b]
        heap: 1g
      registration:
        certManagerIssuer:
          kind: ClusterIssuer
          name: corp-ca
        dnsNames: [cvlan.example.com]
        url: https://cvlan.example.com:8443
      metrics:
        serviceMonitor:
          enabled: true
          labels:
            release: prometheus
      jvmFlags: [-XX:+UseSerialGC, -Xmx96m]
      agent:
        enabled: true
        tokenSecret: blue-fleet-token
        backend: uapi
        nodeSelector:
          kubernetes.io/os: linux
        tolerations:
          - key: node-role.kubernetes.io/control-plane
            operator: Exists
            effect: NoSchedule
      """;

  static final String AGENT = "agent:\n  enabled: true\n  tokenSecret: blue-fleet-token\n";
  static final String AGENT_NAMESPACE = "cvlan-agent";

  @TempDir
  Path tmp;

  static String template(Path valuesFile) {
    var command = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE);
    if (valuesFile != null) {
      command = command.withValuesFile(valuesFile);
    }
    return command.call();
  }

  static List<HasMetadata> renderDefaults() {
    return parse(template(null));
  }

  private Path values(String yaml) throws IOException {
    Path file = Files.createTempFile(tmp, "values", ".yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private List<HasMetadata> renderNonDefault() throws IOException {
    return parse(template(values(NON_DEFAULT)));
  }

  @Test
  void lintStrictIsClean() {
    LintResult result = new Helm(CHART).lint().strict().call();
    assertThat(result.isFailed()).as("%s", result.getMessages()).isFalse();
    assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
  }

  @Test
  void defaultValuesRenderStrictModels() {
    List<HasMetadata> all = renderDefaults();
    assertThat(Manifests.kinds(all)).containsExactly("ClusterRole", "ClusterRoleBinding", "Deployment", "Role", "RoleBinding",
        "Service", "Service", "ServiceAccount");
    assertThat(all).allSatisfy(r -> assertThat(r.getMetadata().getName()).isNotBlank());
    Deployment deployment = one(all, Deployment.class);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    Container operator = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(operator.getImage()).isEqualTo("ghcr.io/cvlan/cvlan-operator:0.1.0");
    assertThat(operator.getArgs()).containsExactly("operator", "--leader-election", "--registration-port=8443", "--metrics-port=9090",
        "--registration-url=https://cvlan-registration.cvlan-system.svc:8443",
        "--registration-dns=cvlan-registration.cvlan-system.svc,cvlan-registration.cvlan-system.svc.cluster.local",
        "--signing-key-max-age=2160h");
    Map<String, EnvVar> env = operator.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    assertThat(env.get("POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace");
    // The shared small-footprint flags, then the operator's own heap, sized for 10,000 Nodes (the last -Xmx wins).
    assertThat(operator.getCommand()).containsExactly("java", "-XX:+UseSerialGC", "-Xms8m", "-Xmx64m", "-Xss256k",
        "-XX:TieredStopAtLevel=1", "-XX:MaxMetaspaceSize=64m", "-XX:ReservedCodeCacheSize=32m", "-Xmx256m", "-jar", "/app/cvlan.jar");
    assertThat(operator.getResources().getLimits().get("memory").toString()).isEqualTo("512Mi");
    assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).isEqualTo(30L);
    for (var probe : List.of(operator.getLivenessProbe(), operator.getReadinessProbe())) {
      assertThat(probe.getHttpGet().getScheme()).isEqualTo("HTTPS");
      assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("registration");
    }
    assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(operator.getPorts()).extracting(p -> p.getName() + "=" + p.getContainerPort())
        .containsExactly("registration=8443", "metrics=9090");
    assertThat(operator.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(operator.getResources().getLimits()).containsKey("memory");

    Map<String, Service> services = ofKind(all, Service.class).stream().collect(Collectors.toMap(s -> s.getMetadata().getName(), s -> s));
    assertThat(services.keySet()).containsExactlyInAnyOrder("cvlan-registration", "cvlan-operator-metrics");
    assertThat(services.get("cvlan-registration").getSpec().getPorts().get(0).getPort()).isEqualTo(8443);
    assertThat(services.get("cvlan-operator-metrics").getSpec().getPorts().get(0).getPort()).isEqualTo(9090);
    for (Service s : services.values()) {
      assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(s.getSpec().getSelector());
    }
    ServiceAccount account = one(all, ServiceAccount.class);
    assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo(account.getMetadata().getName());
    ClusterRoleBinding binding = one(all, ClusterRoleBinding.class);
    assertThat(binding.getRoleRef().getName()).isEqualTo(one(all, ClusterRole.class).getMetadata().getName());
    assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
      assertThat(s.getName()).isEqualTo(account.getMetadata().getName());
      assertThat(s.getNamespace()).isEqualTo(NAMESPACE);
    });
    assertThat(all).filteredOn(r -> !r.getKind().startsWith("Cluster"))
        .allSatisfy(r -> assertThat(r.getMetadata().getNamespace()).isEqualTo(NAMESPACE));
  }

  @Test
  void nonDefaultValuesRenderStrictModels() throws IOException {
    List<HasMetadata> all = renderNonDefault();
    Deployment deployment = one(all, Deployment.class);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand())
        .containsExactly("java", "-XX:+UseSerialGC", "-Xmx96m", "-Xmx1g", "-jar", "/app/cvlan.jar");
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()).contains("--leader-election",
        "--registration-issuer=ClusterIssuer/corp-ca", "--registration-url=https://cvlan.example.com:8443",
        "--registration-dns=cvlan-registration.cvlan-system.svc,cvlan-registration.cvlan-system.svc.cluster.local,cvlan.example.com",
        "--namespace=team-a", "--namespace=team-b");

    DaemonSet daemonSet = one(all, DaemonSet.class);
    PodSpec pod = daemonSet.getSpec().getTemplate().getSpec();
    assertThat(pod.getHostNetwork()).isTrue();
    assertThat(pod.getNodeSelector()).containsEntry("kubernetes.io/os", "linux");
    assertThat(pod.getTolerations()).singleElement().satisfies(t -> assertThat(t.getKey()).isEqualTo("node-role.kubernetes.io/control-plane"));
    assertThat(pod.getContainers()).extracting(Container::getName).containsExactly("agent", "wireguard-go");
    assertThat(pod.getInitContainers()).isEmpty();
    Container wireguardGo = pod.getContainers().get(1);
    assertThat(wireguardGo.getCommand()).containsExactly("wireguard-go", "-f", "cvlan0");
    assertThat(wireguardGo.getSecurityContext().getPrivileged()).isTrue();
    Container agent = pod.getContainers().get(0);
    assertThat(agent.getArgs()).containsExactly("agent", "--mode=daemonset", "--token-file=/etc/cvlan/token", "--data-dir=/var/lib/cvlan",
        "--interface=cvlan0", "--listen-port=51820", "--backend=uapi");
    // The shared JVM flags, without the operator's heap.
    assertThat(agent.getCommand()).containsExactly("java", "-XX:+UseSerialGC", "-Xmx96m", "-jar", "/app/cvlan.jar");
    assertThat(agent.getSecurityContext().getCapabilities().getAdd()).containsExactly("NET_ADMIN");
    assertThat(agent.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(agent.getSecurityContext().getPrivileged()).isNotEqualTo(Boolean.TRUE);
    assertThat(agent.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    EnvVar nodeName = agent.getEnv().stream().filter(e -> e.getName().equals("NODE_NAME")).findFirst().orElseThrow();
    assertThat(nodeName.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("spec.nodeName");
    Map<String, String> mounts = agent.getVolumeMounts().stream().collect(Collectors.toMap(VolumeMount::getName, VolumeMount::getMountPath));
    Map<String, Volume> volumes = pod.getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));
    assertThat(mounts).containsEntry("token", "/etc/cvlan").containsEntry("data", "/var/lib/cvlan");
    assertThat(volumes.get("token").getSecret().getSecretName()).isEqualTo("blue-fleet-token");
    assertThat(volumes.get("data").getHostPath().getPath()).isEqualTo("/var/lib/cvlan");
    assertThat(pod.getServiceAccountName()).isEqualTo("cvlan-operator-agent");
    assertThat(ofKind(all, ServiceAccount.class)).extracting(s -> s.getMetadata().getName())
        .containsExactlyInAnyOrder("cvlan-operator", "cvlan-operator-agent");

    GenericKubernetesResource monitor = one(all, GenericKubernetesResource.class);
    assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(monitor.getKind()).isEqualTo("ServiceMonitor");
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
    @SuppressWarnings("unchecked")
    Map<String, String> selected = (Map<String, String>) monitor.get("spec", "selector", "matchLabels");
    Service metrics = ofKind(all, Service.class).stream().filter(s -> s.getMetadata().getName().endsWith("-metrics")).findFirst().orElseThrow();
    assertThat(metrics.getMetadata().getLabels()).containsAllEntriesOf(selected);
    Service registration = ofKind(all, Service.class).stream().filter(s -> s.getMetadata().getName().equals("cvlan-registration")).findFirst().orElseThrow();
    assertThat(registration.getMetadata().getLabels()).doesNotContainEntry("cvlan.io/service", "metrics");
    assertThat((Object) monitor.get("spec", "endpoints", 0, "port")).isEqualTo("metrics");
  }

  @Test
  void agentDefaultsToKernelWireGuardWithNetAdminOnly() throws IOException {
    List<HasMetadata> all = parse(template(values("agent:\n  enabled: true\n  tokenSecret: blue-fleet-token\n")));
    PodSpec pod = one(all, DaemonSet.class).getSpec().getTemplate().getSpec();
    assertThat(pod.getContainers()).extracting(Container::getName).containsExactly("agent");
    assertThat(pod.getContainers().get(0).getArgs()).contains("--backend=wg");
    assertThat(pod.getInitContainers()).singleElement().satisfies(init -> {
      assertThat(String.join(" ", init.getCommand())).contains("ip link add dev \"$IFACE\" type wireguard");
      assertThat(init.getEnv()).singleElement().satisfies(e -> assertThat(e.getValue()).isEqualTo("cvlan0"));
    });
    assertThat(Stream.concat(pod.getContainers().stream(), pod.getInitContainers().stream())).allSatisfy(c -> {
      assertThat(c.getSecurityContext().getPrivileged()).isNotEqualTo(Boolean.TRUE);
      assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
      assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
      assertThat(c.getSecurityContext().getCapabilities().getAdd()).containsExactly("NET_ADMIN");
      assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    });
    assertThat(pod.getVolumes()).noneMatch(v -> v.getHostPath() != null && v.getHostPath().getPath().startsWith("/dev"));
  }

  @Test
  void rbacHasNoWildcards() throws IOException {
    for (List<HasMetadata> all : List.of(renderDefaults(), renderNonDefault())) {
      List<PolicyRule> rules = Stream.concat(ofKind(all, ClusterRole.class).stream().flatMap(r -> r.getRules().stream()),
          ofKind(all, Role.class).stream().flatMap(r -> r.getRules().stream())).toList();
      assertThat(rules).isNotEmpty().allSatisfy(rule -> {
        assertThat(rule.getVerbs()).isNotEmpty().noneMatch(v -> v.contains("*"));
        assertThat(rule.getResources()).isNotEmpty().noneMatch(v -> v.contains("*"));
        assertThat(rule.getApiGroups()).isNotEmpty().noneMatch(v -> v.contains("*"));
        assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
      });
    }
  }

  @Test
  void operatorRbacCoversWhatItTouches() {
    List<HasMetadata> all = renderDefaults();
    Set<String> granted = grants(one(all, ClusterRole.class).getRules());
    for (String r : List.of("cvlans", "registrationtokens", "nodes", "vrouters", "ipallocations")) {
      for (String verb : List.of("get", "list", "watch", "create", "update", "patch", "delete")) {
        assertThat(granted).contains("cvlan.io/" + r + ":" + verb);
      }
      assertThat(granted).contains("cvlan.io/" + r + "/status:patch", "cvlan.io/" + r + "/status:update", "cvlan.io/" + r + "/finalizers:update");
    }
    for (String r : List.of("secrets", "configmaps")) {
      for (String verb : List.of("get", "list", "watch", "create", "update", "patch", "delete")) {
        assertThat(granted).contains("/" + r + ":" + verb);
      }
    }
    assertThat(granted).contains("/events:create", "/events:patch", "cert-manager.io/certificates:create",
        "cert-manager.io/certificates:watch", "apiextensions.k8s.io/customresourcedefinitions:get");
    assertThat(granted).noneMatch(g -> g.startsWith("apiextensions.k8s.io/") && !g.endsWith(":get"));
    assertThat(granted).noneMatch(g -> g.startsWith("coordination.k8s.io/"));
    assertThat(grants(one(all, Role.class).getRules())).allMatch(g -> g.startsWith("coordination.k8s.io/leases:"))
        .contains("coordination.k8s.io/leases:create", "coordination.k8s.io/leases:update", "coordination.k8s.io/leases:get");
    RoleBinding leaseBinding = one(all, RoleBinding.class);
    assertThat(leaseBinding.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
    assertThat(leaseBinding.getRoleRef().getName()).isEqualTo(one(all, Role.class).getMetadata().getName());
  }

  @Test
  void agentRolesOnlyRead() throws IOException {
    List<HasMetadata> all = renderNonDefault();
    List<Role> agentRoles = ofKind(all, Role.class).stream().filter(r -> r.getMetadata().getName().contains("-agent")).toList();
    assertThat(agentRoles).hasSize(2);
    assertThat(ofKind(all, ClusterRole.class)).noneMatch(r -> r.getMetadata().getName().contains("agent"));
    List<PolicyRule> rules = agentRoles.stream().flatMap(r -> r.getRules().stream()).toList();
    assertThat(grants(rules)).containsExactlyInAnyOrder("/configmaps:get", "/configmaps:list", "/configmaps:watch",
        "cvlan.io/cvlans:get", "cvlan.io/cvlans:list", "cvlan.io/cvlans:watch", "/secrets:get");
    assertThat(rules).filteredOn(r -> r.getResources().contains("secrets"))
        .singleElement().satisfies(r -> assertThat(r.getResourceNames()).containsExactly("blue-fleet-token"));
    assertThat(ofKind(all, RoleBinding.class)).filteredOn(b -> b.getMetadata().getName().contains("-agent"))
        .hasSize(2).allSatisfy(b -> assertThat(b.getSubjects()).singleElement()
            .satisfies(s -> assertThat(s.getName()).isEqualTo("cvlan-operator-agent")));
  }

  @Test
  void operatorPodIsNonRootAndReadOnly() {
    PodSpec pod = one(renderDefaults(), Deployment.class).getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
    Container c = pod.getContainers().get(0);
    var sc = c.getSecurityContext();
    assertThat(sc.getRunAsNonRoot()).isTrue();
    assertThat(sc.getRunAsUser()).isEqualTo(65532L);
    assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
    assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
    assertThat(sc.getPrivileged()).isNotEqualTo(Boolean.TRUE);
    assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(sc.getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(sc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(c.getVolumeMounts()).singleElement().satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
    assertThat(pod.getVolumes()).singleElement().satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
  }

  /** Every field Pod Security "restricted" asks of a container, exactly, and nothing more. */
  @Test
  void operatorContainerSecurityContextIsExactlyRestricted() {
    PodSpec pod = one(renderDefaults(), Deployment.class).getSpec().getTemplate().getSpec();

    assertThat(pod.getContainers().get(0).getSecurityContext()).isEqualTo(new SecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(65532L)
        .withRunAsGroup(65532L)
        .withReadOnlyRootFilesystem(true)
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities().withDrop("ALL").endCapabilities()
        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
        .build());
    assertThat(pod.getSecurityContext()).isEqualTo(new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(65532L)
        .withRunAsGroup(65532L)
        .withFsGroup(65532L)
        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
        .build());
  }

  @Test
  void operatorPodMeetsPodSecurityRestricted() {
    PodSpec pod = one(renderDefaults(), Deployment.class).getSpec().getTemplate().getSpec();

    assertThat(PodSecurityStandards.restrictedViolations(pod)).isEmpty();
  }

  /** Why the agent lives apart: what it needs to program a node's network, baseline already forbids. */
  @Test
  void agentPodNeedsPodSecurityPrivileged() throws IOException {
    for (String backend : List.of("wg", "uapi")) {
      List<HasMetadata> all = parse(template(values(AGENT + "  backend: " + backend + "\n")));
      PodSpec pod = one(all, DaemonSet.class).getSpec().getTemplate().getSpec();

      assertThat(PodSecurityStandards.baselineViolations(pod)).as("backend %s", backend)
          .contains("hostNetwork", "volume data: hostPath", "container agent: adds capability NET_ADMIN");
    }
  }

  @Test
  void agentRunsInItsOwnNamespaceWhichEnforcesPrivileged() throws IOException {
    List<HasMetadata> all = parse(template(values(AGENT)));

    Namespace namespace = one(all, Namespace.class);
    assertThat(namespace.getMetadata().getName()).isEqualTo(AGENT_NAMESPACE);
    assertThat(namespace.getMetadata().getLabels()).containsEntry("pod-security.kubernetes.io/enforce", "privileged");
    assertThat(namespace.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
    assertThat(one(all, DaemonSet.class).getMetadata().getNamespace()).isEqualTo(AGENT_NAMESPACE);
    assertThat(one(all, Deployment.class).getMetadata().getNamespace()).isEqualTo(NAMESPACE);
  }

  /** The agent's ServiceAccount, token Role and its bindings sit beside it; it reads peers where its CVLAN is. */
  @Test
  void agentRbacLivesInTheAgentNamespace() throws IOException {
    List<HasMetadata> all = parse(template(values(AGENT)));

    assertThat(ofKind(all, ServiceAccount.class)).filteredOn(a -> a.getMetadata().getName().equals("cvlan-operator-agent"))
        .singleElement().satisfies(a -> assertThat(a.getMetadata().getNamespace()).isEqualTo(AGENT_NAMESPACE));
    assertThat(ofKind(all, Role.class)).filteredOn(r -> r.getMetadata().getName().contains("-agent"))
        .extracting(r -> r.getMetadata().getName() + "@" + r.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("cvlan-operator-agent-token@" + AGENT_NAMESPACE, "cvlan-operator-agent-peers@" + AGENT_NAMESPACE);
    assertThat(ofKind(all, RoleBinding.class)).filteredOn(b -> b.getMetadata().getName().contains("-agent")).hasSize(2)
        .allSatisfy(b -> assertThat(b.getSubjects()).singleElement().satisfies(subject -> {
          assertThat(subject.getName()).isEqualTo("cvlan-operator-agent");
          assertThat(subject.getNamespace()).isEqualTo(AGENT_NAMESPACE);
        }));
  }

  @Test
  void agentReadsPeersInTheCvlanNamespaceItIsGiven() throws IOException {
    List<HasMetadata> all = parse(template(values(AGENT + "  cvlanNamespace: team-a\n")));

    assertThat(ofKind(all, Role.class)).filteredOn(r -> r.getMetadata().getName().endsWith("-agent-peers"))
        .singleElement().satisfies(r -> assertThat(r.getMetadata().getNamespace()).isEqualTo("team-a"));
    assertThat(one(all, DaemonSet.class).getMetadata().getNamespace()).isEqualTo(AGENT_NAMESPACE);
  }

  /** With the agent enabled, every pod of the operator's namespace still passes restricted: it can enforce it. */
  @Test
  void operatorNamespaceCanEnforceRestrictedWithTheAgentEnabled() throws IOException {
    List<HasMetadata> all = renderNonDefault();

    List<PodSpec> podsInReleaseNamespace = Stream.concat(
            ofKind(all, Deployment.class).stream().filter(d -> NAMESPACE.equals(d.getMetadata().getNamespace()))
                .map(d -> d.getSpec().getTemplate().getSpec()),
            ofKind(all, DaemonSet.class).stream().filter(d -> NAMESPACE.equals(d.getMetadata().getNamespace()))
                .map(d -> d.getSpec().getTemplate().getSpec()))
        .toList();
    assertThat(podsInReleaseNamespace).isNotEmpty()
        .allSatisfy(pod -> assertThat(PodSecurityStandards.restrictedViolations(pod)).isEmpty());
  }

  @Test
  void anAgentNamespaceMadeElsewhereIsNotCreated() throws IOException {
    List<HasMetadata> all = parse(template(values(AGENT + "  createNamespace: false\n")));

    assertThat(ofKind(all, Namespace.class)).isEmpty();
    assertThat(one(all, DaemonSet.class).getMetadata().getNamespace()).isEqualTo(AGENT_NAMESPACE);
  }

  /** The release namespace exists already; an agent put there on purpose gets no Namespace object. */
  @Test
  void anAgentInTheReleaseNamespaceCreatesNoNamespace() throws IOException {
    List<HasMetadata> all = parse(template(values(AGENT + "  namespace: " + NAMESPACE + "\n")));

    assertThat(ofKind(all, Namespace.class)).isEmpty();
    assertThat(one(all, DaemonSet.class).getMetadata().getNamespace()).isEqualTo(NAMESPACE);
  }

  @Test
  void chartCrdsAreExactCopiesOfTheRepositoryCrds() throws IOException {
    Path repoCrds = Path.of("crds");
    Path chartCrds = CHART.resolve("crds");
    assertThat(fileNames(chartCrds)).isEqualTo(fileNames(repoCrds)).isNotEmpty();
    for (String name : fileNames(repoCrds)) {
      assertThat(Files.readAllBytes(chartCrds.resolve(name))).as("helm/cvlan-operator/crds/%s is a copy of crds/%s", name, name)
          .isEqualTo(Files.readAllBytes(repoCrds.resolve(name)));
    }
  }

  @Test
  void valuesThatBreakTheSchemaFailTemplate() throws IOException {
    for (String bad : List.of("operator:\n  replicas: two\n", "operator:\n  replicas: 3\n", "replicaCount: 2\n",
        "agent:\n  backend: kernel\n", "registration:\n  port: 70000\n", "image:\n  repo: x\n",
        "registration:\n  certManagerIssuer:\n    kind: Vault\n    name: x\n", "jvmFlags: -Xmx1g\n",
        "agent:\n  namespace: Agents_Here\n", "agent:\n  createNamespace: yes please\n")) {
      Path file = values(bad);
      assertThatThrownBy(() -> template(file)).as("values %s", bad).hasMessageContaining("schema");
    }
  }

  @Test
  void agentWithoutTokenSecretFails() throws IOException {
    Path file = values("agent:\n  enabled: true\n");
    assertThatThrownBy(() -> template(file)).hasMessageContaining("agent.tokenSecret");
  }

  static Set<String> grants(List<PolicyRule> rules) {
    return rules.stream().flatMap(rule -> rule.getApiGroups().stream()
        .flatMap(g -> rule.getResources().stream().flatMap(r -> rule.getVerbs().stream().map(v -> g + "/" + r + ":" + v))))
        .collect(Collectors.toSet());
  }

  private static List<String> fileNames(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
