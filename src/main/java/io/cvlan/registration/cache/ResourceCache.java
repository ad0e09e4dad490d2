package io.cvlan.registration.cache;

import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.cvlan.cache.ScopedInformer;
import io.cvlan.cache.SharedNodes;
import io.cvlan.cache.Trims;
import io.cvlan.cache.WatchScope;
import io.cvlan.api.v1alpha1.Labels;
import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.api.v1alpha1.RegistrationToken;
import io.cvlan.api.v1alpha1.VRouter;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The registration API's read side: informer caches of what it looks up on every request (tokens by uid,
 * CVLANs by uid, Nodes by uid, public key and hostname, VRouters by uid, peer ConfigMaps), so a request
 * costs no API read. Every replica has its own, fed by the API server: any replica can answer any request.
 */
public final class ResourceCache implements AutoCloseable {
  public static final String BY_UID = SharedNodes.BY_UID;
  public static final String BY_CVLAN = SharedNodes.BY_CVLAN;
  public static final String NONCE_LABEL = SharedNodes.NONCE_LABEL;
  /** Node and VRouter names across namespaces: a client certificate names its holder, not its namespace. */
  public static final String BY_NAME = SharedNodes.BY_NAME;
  /** RegistrationTokens by the ServiceAccounts they admit ({@code namespace/name}). */
  public static final String BY_SERVICE_ACCOUNT = "serviceAccount";
  private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(60);

  private final KubernetesClient client;
  private final WatchScope scope;
  private final List<ScopedInformer<?>> informers = new ArrayList<>();
  private ScopedInformer<RegistrationToken> tokens;
  private ScopedInformer<CVLAN> cvlans;
  private final SharedNodes nodes;
  private ScopedInformer<VRouter> vrouters;
  private ScopedInformer<ConfigMap> peerConfigMaps;

  /** {@code nodes}: the process' Node cache, shared with the operator (and closed by its owner, not here). */
  public ResourceCache(KubernetesClient client, WatchScope scope, SharedNodes nodes) {
    this.client = client;
    this.scope = scope;
    this.nodes = nodes;
  }

  public KubernetesClient client() {
    return client;
  }

  public synchronized ResourceCache start() {
    tokens = inform(scope.over(client.resources(RegistrationToken.class)).stream()
        .map(w -> w.withLimit(Trims.LIST_LIMIT).runnableInformer(0)).toList(), Trims::store, Map.of(BY_UID, uid(),
        BY_SERVICE_ACCOUNT, t -> Optional.ofNullable(t.getSpec().getServiceAccounts()).orElse(List.of()).stream()
            .map(account -> key(t.getMetadata().getNamespace(), account)).toList()));
    cvlans = inform(scope.over(client.resources(CVLAN.class)).stream()
        .map(w -> w.withLimit(Trims.LIST_LIMIT).runnableInformer(0)).toList(), Trims::store, Map.of(BY_UID, uid()));
    vrouters = inform(scope.over(client.resources(VRouter.class)).stream()
        .map(w -> w.withLimit(Trims.LIST_LIMIT).runnableInformer(0)).toList(), Trims::store, Map.of(BY_UID, uid(),
        BY_NAME, v -> List.of(v.getMetadata().getName())));
    peerConfigMaps = inform(scope.over(client.configMaps()).stream()
        .map(w -> w.withLabel(Labels.COMPONENT, Labels.COMPONENT_PEERS).withLimit(Trims.LIST_LIMIT).runnableInformer(0)).toList(),
        Trims::store, Map.of(BY_CVLAN, cm -> Optional.ofNullable(cm.getMetadata().getLabels())
            .map(l -> l.get(Labels.CVLAN)).map(c -> List.of(key(cm.getMetadata().getNamespace(), c))).orElse(List.of())));
    CompletableFuture<?>[] synced = informers.stream().map(ScopedInformer::start).toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.allOf(synced).get(SYNC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      close();
      throw new IllegalStateException("registration API caches did not sync (namespaces=" + scope + "): " + e.getMessage(), e);
    }
    return this;
  }

  private static <T extends HasMetadata> Function<T, List<String>> uid() {
    return r -> List.of(r.getMetadata().getUid());
  }

  public static String key(String... parts) {
    return SharedNodes.key(parts);
  }

  /** Every cache here is read-only: objects are kept trimmed ({@link Trims}), lists are paged. */
  private <T extends HasMetadata> ScopedInformer<T> inform(List<SharedIndexInformer<T>> parts, Supplier<ItemStore<T>> stores,
      Map<String, Function<T, List<String>>> indexers) {
    ScopedInformer<T> informer = ScopedInformer.of(parts, stores, indexers);
    informers.add(informer);
    return informer;
  }

  private static <T extends HasMetadata> Optional<T> one(ScopedInformer<T> informer, String index, String key) {
    return informer.byIndex(index, key).stream().findFirst();
  }

  public boolean synced() {
    return nodes.synced() && informers.stream().allMatch(ScopedInformer::hasSynced);
  }

  public Optional<RegistrationToken> tokenByUid(String uid) {
    return one(tokens, BY_UID, uid);
  }

  /** The RegistrationTokens of {@code namespace} whose spec.serviceAccounts names {@code serviceAccount}. */
  public List<RegistrationToken> tokensOfServiceAccount(String namespace, String serviceAccount) {
    return tokens.byIndex(BY_SERVICE_ACCOUNT, key(namespace, serviceAccount));
  }

  public Optional<CVLAN> cvlanByUid(String uid) {
    return one(cvlans, BY_UID, uid);
  }

  public Optional<CVLAN> cvlan(String namespace, String name) {
    return cvlans.get(namespace, name);
  }

  public List<CVLAN> cvlans(String namespace) {
    return cvlans.byIndex(Cache.NAMESPACE_INDEX, namespace);
  }

  public Optional<OverlayNode> node(String namespace, String name) {
    return nodes.informer().get(namespace, name);
  }

  /** Every Node of this name, whatever its namespace: the caller tells them apart by their CA. */
  public List<OverlayNode> nodesNamed(String name) {
    return nodes.informer().byIndex(BY_NAME, name);
  }

  /** Every VRouter of this name, whatever its namespace. */
  public List<VRouter> vroutersNamed(String name) {
    return vrouters.byIndex(BY_NAME, name);
  }

  public Optional<OverlayNode> nodeByHostname(String namespace, String cvlan, String hostname) {
    return one(nodes.informer(), SharedNodes.BY_HOSTNAME, key(namespace, cvlan, hostname));
  }

  public Optional<OverlayNode> nodeByPublicKey(String namespace, String cvlan, String publicKey) {
    return one(nodes.informer(), SharedNodes.BY_PUBLIC_KEY, key(namespace, cvlan, publicKey));
  }

  public List<OverlayNode> nodes(String namespace, String cvlan) {
    return nodes.ofCvlan(namespace, cvlan);
  }

  /** Whether a Node of the namespace carries this nonce label. */
  public boolean nonceUsed(String namespace, String nonceLabel) {
    return !nodes.informer().byIndex(SharedNodes.BY_NONCE, key(namespace, nonceLabel)).isEmpty();
  }

  public Optional<VRouter> vrouterByUid(String uid) {
    return one(vrouters, BY_UID, uid);
  }

  public Optional<VRouter> vrouter(String namespace, String name) {
    return vrouters.get(namespace, name);
  }

  public List<ConfigMap> peerConfigMaps(String namespace, String cvlan) {
    return peerConfigMaps.byIndex(BY_CVLAN, key(namespace, cvlan));
  }

  /** The informers, for components that react to changes (long-polls wake on peer ConfigMap updates). */
  public ScopedInformer<ConfigMap> peerConfigMapInformer() {
    return peerConfigMaps;
  }

  public ScopedInformer<OverlayNode> nodeInformer() {
    return nodes.informer();
  }

  @Override
  public synchronized void close() {
    informers.forEach(ScopedInformer::close);
  }
}
