package io.cvlan.demo;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.Labels;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.api.v1alpha1.RegistrationToken;
import io.cvlan.api.v1alpha1.VRouter;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The demo's namespace on a cluster and what the demo puts in it, so that a run can be repeated: the namespace
 * is created when missing (and marked as the demo's), the examples are applied (created, or patched when a
 * previous run left them), and at the end everything is removed again — while the operator still runs, because
 * its finalizers release addresses and certificates. Only objects the demo names are touched, and the namespace
 * is deleted only if a demo created it.
 */
final class DemoNamespace {
  static final String CREATED_BY = "cvlan-demo";
  /** The CVLANs the demo applies: everything else it removes refers to them. */
  static final Set<String> CVLANS = Set.of("blue", "red");
  static final Map<Class<? extends HasMetadata>, List<String>> EXAMPLES = Map.of(
      RegistrationToken.class, List.of("blue-fleet", "blue-vm-1"),
      VRouter.class, List.of("edge-1"));

  private final KubernetesClient client;
  private final String name;
  private final Clock clock;
  private final Duration timeout;

  DemoNamespace(KubernetesClient client, String name, Clock clock, Duration timeout) {
    this.client = client;
    this.name = name;
    this.clock = clock;
    this.timeout = timeout;
  }

  /**
   * Creates the namespace unless it exists. One a previous run is still deleting is waited out: creating in a
   * terminating namespace is refused (403) until it is gone.
   */
  boolean ensure() throws InterruptedException {
    Namespace existing = client.namespaces().withName(name).get();
    if (existing != null && existing.getMetadata().getDeletionTimestamp() != null) {
      if (!await(() -> client.namespaces().withName(name).get() == null)) {
        throw new IllegalStateException("namespace " + name + " is still being deleted after " + timeout.toSeconds() + "s");
      }
      existing = null;
    }
    if (existing != null) {
      return false;
    }
    client.resource(new NamespaceBuilder().withNewMetadata().withName(name)
        .addToLabels(Labels.MANAGED_BY, CREATED_BY).endMetadata().build()).create();
    return true;
  }

  /**
   * Creates {@code item}, or patches the one a previous run left (JSON merge: the spec and labels given here
   * win, the operator's finalizers and status stay). Server-side apply would say it in one request, but the
   * embedded API server does not have it.
   */
  <T extends HasMetadata> T apply(T item) {
    item.getMetadata().setNamespace(name);
    if (client.resource(item).get() == null) {
      return client.resource(item).create();
    }
    return client.resource(item).patch(PatchContext.of(PatchType.JSON_MERGE), item);
  }

  /**
   * Deletes the Nodes a previous run's agents registered (kept with --keep): this run's agents must find
   * exactly each other as peers.
   */
  boolean removeNodes() throws InterruptedException {
    List<OverlayNode> nodes = nodes();
    nodes.forEach(node -> client.resource(node).delete());
    return await(() -> nodes().isEmpty());
  }

  /** Deletes every object the demo made, waiting for the operator to release what each held. */
  boolean removeObjects() throws InterruptedException {
    boolean gone = removeNodes();
    EXAMPLES.forEach((kind, names) -> names.forEach(n -> client.resources(kind).inNamespace(name).withName(n).delete()));
    CVLANS.forEach(cvlan -> client.resources(CVLAN.class).inNamespace(name).withName(cvlan).delete());
    return gone & await(() -> EXAMPLES.entrySet().stream().allMatch(e -> e.getValue().stream()
        .allMatch(n -> client.resources(e.getKey()).inNamespace(name).withName(n).get() == null))
        && CVLANS.stream().allMatch(cvlan -> client.resources(CVLAN.class).inNamespace(name).withName(cvlan).get() == null));
  }

  /**
   * Deletes the namespace if a demo created it, with what the operator and the registration API keep in it
   * (signing keys, the serving certificate, Events): a cluster's namespace controller would, the embedded
   * API server has none.
   */
  boolean removeIfCreatedByDemo() {
    Namespace namespace = client.namespaces().withName(name).get();
    if (namespace == null || !CREATED_BY.equals(namespace.getMetadata().getLabels().get(Labels.MANAGED_BY))) {
      return false;
    }
    client.secrets().inNamespace(name).delete();
    client.configMaps().inNamespace(name).delete();
    client.v1().events().inNamespace(name).delete();
    client.resource(namespace).delete();
    return true;
  }

  private List<OverlayNode> nodes() {
    return client.resources(OverlayNode.class).inNamespace(name).list().getItems().stream()
        .filter(node -> CVLANS.contains(node.getSpec().getCvlan())).toList();
  }

  private boolean await(BooleanSupplier condition) throws InterruptedException {
    Instant deadline = clock.instant().plus(timeout);
    while (!condition.getAsBoolean()) {
      if (!clock.instant().isBefore(deadline)) {
        return false;
      }
      Thread.sleep(100);
    }
    return true;
  }
}
