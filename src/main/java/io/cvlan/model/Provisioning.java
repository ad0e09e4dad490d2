package io.cvlan.model;

import io.cvlan.cache.SharedNodes;
import io.cvlan.cache.WatchScope;
import io.cvlan.ipam.IpAllocator;
import io.cvlan.pki.CertificateIssuers;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * What a member is given when it joins — addresses (claims through one allocator index) and certificates
 * (one issuer per CVLAN) — shared by the registration API, which provisions a Node in the request that
 * creates it, and the reconcilers, which confirm and repair. One per process: one IPAllocation informer,
 * one Node informer, one CA cache, one set of namespaces watched.
 */
public record Provisioning(IpAllocator allocator, CertificateIssuers issuers, WatchScope scope, SharedNodes nodes,
    NewNodes newNodes) implements AutoCloseable {
  /** Starts the allocator: its index must hold every existing claim before anyone hands out an address. */
  public static Provisioning start(KubernetesClient client, Clock clock) {
    return start(client, clock, WatchScope.everyNamespace());
  }

  /** As {@link #start(KubernetesClient, Clock)}, watching the namespaces of {@code scope} only. */
  public static Provisioning start(KubernetesClient client, Clock clock, WatchScope scope) {
    IpAllocator allocator = new IpAllocator(client, new SecureRandom(), scope);
    allocator.start();
    SharedNodes nodes;
    try {
      nodes = SharedNodes.start(client, scope);
    } catch (RuntimeException e) {
      allocator.close();
      throw e;
    }
    return new Provisioning(allocator, new CertificateIssuers(client, clock), scope, nodes, new NewNodes());
  }

  @Override
  public void close() {
    nodes.close();
    allocator.close();
  }
}
