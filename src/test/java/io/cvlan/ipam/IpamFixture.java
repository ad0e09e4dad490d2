package io.cvlan.ipam;

import io.cvlan.api.v1alpha1.AllocationStrategy;
import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.CVLANSpec;
import io.cvlan.api.v1alpha1.IPAllocation;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.embedded.EmbeddedApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The embedded API server once per test class, a namespace per test, and allocators that are closed after
 * each test. Owners are Nodes built in memory: claims only reference them.
 */
final class IpamFixture implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  private EmbeddedApiServer api;
  private String namespace;
  private final List<AutoCloseable> closeAfterTest = new ArrayList<>();

  @Override
  public void beforeAll(ExtensionContext context) {
    api = EmbeddedApiServer.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    api.close();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    namespace = "ipam" + NAMESPACES.incrementAndGet();
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    for (AutoCloseable closeable : closeAfterTest) {
      closeable.close();
    }
    closeAfterTest.clear();
  }

  KubernetesClient client() {
    return api.client();
  }

  /** A second client of its own (own connections, own watches): what another operator replica would have. */
  KubernetesClient newClient() {
    KubernetesClient other = new KubernetesClientBuilder().withConfig(api.client().getConfiguration())
        .withHttpClientFactory(new JdkHttpClientFactory()).build();
    closeAfterTest.add(other);
    return other;
  }

  String namespace() {
    return namespace;
  }

  /** A started allocator, closed after the test. */
  IpAllocator allocator() {
    return allocator(client(), 42);
  }

  IpAllocator allocator(KubernetesClient client, long seed) {
    IpAllocator allocator = new IpAllocator(client, new SplittableRandom(seed));
    closeAfterTest.add(0, allocator);
    allocator.start();
    return allocator;
  }

  CVLAN cvlan(String name, String cidr) {
    return cvlan(name, spec -> spec.setCidr(cidr));
  }

  CVLAN cvlan(String name, Consumer<CVLANSpec> spec) {
    CVLAN cvlan = new CVLAN();
    cvlan.getMetadata().setName(name);
    cvlan.getMetadata().setNamespace(namespace);
    cvlan.getMetadata().setUid(UUID.randomUUID().toString());
    cvlan.setSpec(new CVLANSpec());
    cvlan.getSpec().setAllocation(AllocationStrategy.Sequential);
    spec.accept(cvlan.getSpec());
    return cvlan;
  }

  static AddressSpace space(CVLAN cvlan) {
    var result = AddressSpaceParser.parse(cvlan.getSpec().getCidr(), cvlan.getSpec().getIpv6Cidr(),
        cvlan.getSpec().getReserved());
    if (result instanceof AddressSpaceParser.Result.Valid valid) {
      return valid.space();
    }
    throw new IllegalArgumentException(((AddressSpaceParser.Result.Invalid) result).message());
  }

  OverlayNode node(String name) {
    OverlayNode node = new OverlayNode();
    node.getMetadata().setName(name);
    node.getMetadata().setNamespace(namespace);
    node.getMetadata().setUid(UUID.randomUUID().toString());
    return node;
  }

  List<IPAllocation> storedClaims() {
    return client().resources(IPAllocation.class).inNamespace(namespace).list().getItems();
  }
}
