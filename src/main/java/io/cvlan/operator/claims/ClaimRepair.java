package io.cvlan.operator.claims;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.api.v1alpha1.VRouter;
import io.cvlan.ipam.IpAllocator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The repair pass of the address claims (as Kubernetes' own IP repair loop): releases claims whose owner
 * does not exist — a registration that claimed and then died before creating its Node, or an owner
 * deleted while no operator ran. A claim younger than {@link #GRACE} is left alone: its Node may be
 * being created this very moment. Idempotent, so every replica may run it.
 */
public final class ClaimRepair implements AutoCloseable {
  public static final Duration INTERVAL = Duration.ofMinutes(5);
  public static final Duration GRACE = Duration.ofMinutes(1);
  private static final Logger log = LoggerFactory.getLogger(ClaimRepair.class);

  private final KubernetesClient client;
  private final IpAllocator allocator;
  private final Set<String> namespaces;
  private final Clock clock;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "claim-repair");
    thread.setDaemon(true);
    return thread;
  });

  /** {@code namespaces}: the operator's; empty means every namespace. */
  public ClaimRepair(KubernetesClient client, IpAllocator allocator, Set<String> namespaces, Clock clock) {
    this.client = client;
    this.allocator = allocator;
    this.namespaces = Set.copyOf(namespaces);
    this.clock = clock;
  }

  public ClaimRepair start() {
    timer.scheduleWithFixedDelay(this::repairQuietly, INTERVAL.toSeconds(), INTERVAL.toSeconds(), TimeUnit.SECONDS);
    return this;
  }

  /** One pass over every CVLAN the operator watches; returns how many claims it released. */
  public int repairOnce() {
    int released = 0;
    for (CVLAN cvlan : cvlans()) {
      String namespace = cvlan.getMetadata().getNamespace();
      Set<String> nodes = names(client.resources(OverlayNode.class).inNamespace(namespace).list().getItems());
      Set<String> vrouters = names(client.resources(VRouter.class).inNamespace(namespace).list().getItems());
      released += allocator.releaseOrphans(namespace, cvlan.getMetadata().getName(),
          (kind, name) -> "VRouter".equals(kind) ? vrouters.contains(name) : nodes.contains(name), clock.instant(), GRACE);
    }
    return released;
  }

  private void repairQuietly() {
    try {
      int released = repairOnce();
      if (released > 0) {
        log.info("claims={} released by the repair pass", released);
      }
    } catch (KubernetesClientException e) {
      log.warn("claim repair failed code={} problem=\"{}\"; next pass in {}", e.getCode(), e.getMessage(), INTERVAL);
    }
  }

  private List<CVLAN> cvlans() {
    if (namespaces.isEmpty()) {
      return client.resources(CVLAN.class).inAnyNamespace().list().getItems();
    }
    return namespaces.stream().flatMap(ns -> client.resources(CVLAN.class).inNamespace(ns).list().getItems().stream()).toList();
  }

  private static Set<String> names(List<? extends HasMetadata> objects) {
    return objects.stream().map(o -> o.getMetadata().getName()).collect(Collectors.toSet());
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
