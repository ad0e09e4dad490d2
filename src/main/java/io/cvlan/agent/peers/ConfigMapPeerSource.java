package io.cvlan.agent.peers;

import io.cvlan.api.v1alpha1.Labels;
import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.PeerPolicy;
import io.cvlan.peers.PeerSnapshot;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Peers from the CVLAN's peer ConfigMaps (inside the cluster: daemonset and sidecar modes). An informer on
 * every shard (label selector) relists on reconnect, so the view always comes from the complete current set;
 * the CVLAN's policy comes from the CVLAN itself, since the ConfigMaps list every member.
 */
public final class ConfigMapPeerSource implements AutoCloseable {
  private final KubernetesClient client;
  private final String namespace;
  private final String cvlan;
  private final PeerState state;
  private final Consumer<PeerView> listener;
  private SharedIndexInformer<ConfigMap> shards;
  private SharedIndexInformer<CVLAN> network;

  public ConfigMapPeerSource(KubernetesClient client, String namespace, String cvlan, String selfId, Consumer<PeerView> listener) {
    this.client = client;
    this.namespace = namespace;
    this.cvlan = cvlan;
    this.state = new PeerState(selfId);
    this.listener = listener;
  }

  public ConfigMapPeerSource start() {
    network = client.resources(CVLAN.class).inNamespace(namespace).withName(cvlan).inform(new Refresh<>());
    shards = client.configMaps().inNamespace(namespace).withLabel(Labels.CVLAN, cvlan)
        .withLabel(Labels.COMPONENT, Labels.COMPONENT_PEERS).inform(new Refresh<>());
    refresh();
    return this;
  }

  private synchronized void refresh() {
    if (shards == null || network == null) {
      return;
    }
    PeerSnapshot snapshot = PeerSnapshot.of(shards.getStore().list());
    state.replace(snapshot.peers().values(), snapshot.version(), snapshot.settings());
    PeerPolicy policy = network.getStore().list().stream().findFirst().map(c -> c.getSpec().getPolicy())
        .map(Optional::ofNullable).flatMap(p -> p).orElse(PeerPolicy.Open);
    listener.accept(state.view(policy));
  }

  private final class Refresh<T extends HasMetadata> implements ResourceEventHandler<T> {
    @Override
    public void onAdd(T resource) {
      refresh();
    }

    @Override
    public void onUpdate(T older, T newer) {
      refresh();
    }

    @Override
    public void onDelete(T resource, boolean deletedFinalStateUnknown) {
      refresh();
    }
  }

  @Override
  public void close() {
    if (shards != null) {
      shards.close();
    }
    if (network != null) {
      network.close();
    }
  }
}
