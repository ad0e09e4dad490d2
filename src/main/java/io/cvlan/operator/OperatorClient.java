package io.cvlan.operator;

import io.cvlan.api.v1alpha1.Labels;
import io.cvlan.build.BuildInfo;
import io.cvlan.cache.SharedStrings;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;

/**
 * The Kubernetes client the operator writes with. For a write without server-side apply the API server
 * records the field manager from the request's User-Agent (up to its first slash), so `kubectl get -o yaml
 * --show-managed-fields` names {@value #FIELD_MANAGER} rather than {@code fabric8-kubernetes-client} for
 * everything the operator, its reconcilers and its registration API write — statuses, Nodes, claims, Secrets,
 * ConfigMaps, Events and the leader Lease alike. The JDK HTTP client, on purpose: fabric8 would otherwise pick
 * one of the two on the classpath at random.
 */
public final class OperatorClient {
  public static final String FIELD_MANAGER = Labels.OPERATOR;

  private OperatorClient() {}

  public static String userAgent() {
    return FIELD_MANAGER + "/" + BuildInfo.version();
  }

  /** A client of the cluster {@code config} names (kubeconfig, in-cluster ServiceAccount), writing as the operator. */
  public static KubernetesClient connect(Config config) {
    config.setUserAgent(userAgent());
    return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new JdkHttpClientFactory())
        .withKubernetesSerialization(SharedStrings.serialization()).build();
  }

  /** The cluster of the environment: $KUBECONFIG, ~/.kube/config or the pod's ServiceAccount. */
  public static Config environment() {
    return Config.autoConfigure(null);
  }
}
