package io.cvlan.testing;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.CVLANSpec;
import io.cvlan.api.v1alpha1.CVLANStatus;
import io.cvlan.api.v1alpha1.NodePhase;
import io.cvlan.api.v1alpha1.NodeSpec;
import io.cvlan.api.v1alpha1.NodeStatus;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.api.v1alpha1.RegistrationToken;
import io.cvlan.api.v1alpha1.RegistrationTokenSpec;
import io.cvlan.api.v1alpha1.VRouter;
import io.cvlan.api.v1alpha1.VRouterSpec;
import io.cvlan.api.v1alpha1.WireGuardEndpoint;
import io.cvlan.model.Conditions;
import io.cvlan.model.CvlanConditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Resources as an informer hands them to the pure rules, without an API server: namespace {@link #NAMESPACE},
 * created at {@link #CREATED}, and a uid derived from kind and name (the same name gives the same uid).
 */
public final class TestResources {
  public static final String NAMESPACE = "tenant-a";
  public static final Instant CREATED = Instant.parse("2026-11-23T10:00:00Z");

  private TestResources() {}

  public static String uidOf(String kind, String name) {
    return UUID.nameUUIDFromBytes((kind + "/" + name).getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** A CVLAN as just created: no status, so not Ready. */
  public static CVLAN cvlan(String name, String cidr) {
    CVLAN cvlan = named(new CVLAN(), name);
    cvlan.setSpec(new CVLANSpec());
    cvlan.getSpec().setCidr(cidr);
    return cvlan;
  }

  /** A CVLAN the reconciler found valid: Ready True. */
  public static CVLAN readyCvlan(String name, String cidr) {
    return withCondition(cvlan(name, cidr), CvlanConditions.READY, Conditions.TRUE, CvlanConditions.REASON_READY);
  }

  /** Adds a condition to the CVLAN's status (creating the status), and returns the CVLAN. */
  public static CVLAN withCondition(CVLAN cvlan, String type, String status, String reason) {
    if (cvlan.getStatus() == null) {
      cvlan.setStatus(new CVLANStatus());
    }
    Condition condition = new ConditionBuilder().withType(type).withStatus(status).withReason(reason).build();
    cvlan.getStatus().getConditions().add(condition);
    return cvlan;
  }

  /** A Client RegistrationToken of {@code cvlan}, without expiresAt or ttl (so it lives 24 h from {@link #CREATED}). */
  public static RegistrationToken token(String name, String cvlan) {
    RegistrationToken token = named(new RegistrationToken(), name);
    token.setSpec(new RegistrationTokenSpec());
    token.getSpec().setCvlan(cvlan);
    return token;
  }

  /** A Node of {@code cvlan} as registration creates it: a public key, no status yet. */
  public static OverlayNode node(String name, String cvlan) {
    OverlayNode node = named(new OverlayNode(), name);
    node.setSpec(new NodeSpec());
    node.getSpec().setCvlan(cvlan);
    node.getSpec().setHostname(name);
    node.getSpec().setPublicKey(publicKeyOf(name));
    return node;
  }

  /** A Node the reconciler made Ready with {@code ipv4}. */
  public static OverlayNode readyNode(String name, String cvlan, String ipv4) {
    OverlayNode node = node(name, cvlan);
    node.setStatus(new NodeStatus());
    node.getStatus().setPhase(NodePhase.Ready);
    node.getStatus().setIpv4(ipv4);
    return node;
  }

  public static WireGuardEndpoint endpoint(String host, int port) {
    WireGuardEndpoint endpoint = new WireGuardEndpoint();
    endpoint.setHost(host);
    endpoint.setPort(port);
    return endpoint;
  }

  /** A VRouter serving {@code cvlans}, not registered yet (no status). */
  public static VRouter vrouter(String name, String... cvlans) {
    VRouter vrouter = named(new VRouter(), name);
    vrouter.setSpec(new VRouterSpec());
    vrouter.getSpec().setRegion("eu-west");
    vrouter.getSpec().setCvlans(new ArrayList<>(List.of(cvlans)));
    return vrouter;
  }

  /** A WireGuard public key derived from {@code seed}: stable across runs, distinct per seed. */
  public static String publicKeyOf(String seed) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Marks the resource as being deleted (a deletionTimestamp, as while a finalizer holds it). */
  public static <T extends HasMetadata> T deleting(T resource) {
    resource.getMetadata().setDeletionTimestamp(CREATED.plusSeconds(60).toString());
    return resource;
  }

  public static <T extends HasMetadata> T createdAt(T resource, Instant created) {
    resource.getMetadata().setCreationTimestamp(created.toString());
    return resource;
  }

  private static <T extends HasMetadata> T named(T resource, String name) {
    resource.getMetadata().setName(name);
    resource.getMetadata().setNamespace(NAMESPACE);
    resource.getMetadata().setUid(uidOf(resource.getKind(), name));
    resource.getMetadata().setCreationTimestamp(CREATED.toString());
    return resource;
  }
}
