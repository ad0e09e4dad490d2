package io.cvlan.registration;

import io.cvlan.api.v1alpha1.CVLANSpec;
import io.cvlan.model.Conditions;
import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.api.v1alpha1.RegistrationToken;
import io.cvlan.api.v1alpha1.RegistrationTokenSpec;
import io.cvlan.operator.token.TokenSecrets;
import io.cvlan.peers.PeerConfigMaps;
import io.cvlan.peers.PeerSnapshot;
import io.cvlan.registration.protocol.EndpointDto;
import io.cvlan.registration.protocol.RegisterRequest;
import io.cvlan.testing.OperatorFixture;
import io.cvlan.testing.RegistrationFixture;
import io.fabric8.kubernetes.api.model.Secret;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.awaitility.Awaitility;

/** Test helpers for the registration endpoints: ready CVLANs and tokens, and requests as an agent sends them. */
final class Registrations {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final RegistrationFixture api;

  Registrations(RegistrationFixture api) {
    this.api = api;
  }

  OperatorFixture k8s() {
    return api.k8s();
  }

  /** CVLAN {@code name} created and Ready, and seen so by the registration API. */
  CVLAN readyCvlan(String name, String cidr) {
    return readyCvlan(name, spec -> spec.setCidr(cidr));
  }

  /** CVLAN {@code name} with this spec, Ready, and seen so by the registration API. */
  CVLAN readyCvlan(String name, Consumer<CVLANSpec> spec) {
    k8s().createCvlan(name, spec);
    CVLAN cvlan = k8s().awaitUntil(CVLAN.class, name, c -> Conditions.isTrue(c.getStatus(), "Ready"));
    await(() -> api.api().cache().cvlan(k8s().namespace(), name).filter(c -> Conditions.isTrue(c.getStatus(), "Ready")).isPresent());
    return cvlan;
  }

  /** A Ready token of {@code cvlan}; answers the token text from its Secret. */
  String tokenText(String name, String cvlan, Consumer<RegistrationTokenSpec> more) {
    k8s().createToken(name, spec -> {
      spec.setCvlan(cvlan);
      more.accept(spec);
    });
    RegistrationToken token = k8s().awaitUntil(RegistrationToken.class, name, t -> Conditions.isTrue(t.getStatus(), "Ready"));
    await(() -> api.api().cache().tokenByUid(token.getMetadata().getUid()).isPresent());
    Secret secret = k8s().awaitUntil(Secret.class, name + "-token", s -> TokenSecrets.tokenOf(s).isPresent());
    return TokenSecrets.tokenOf(secret).orElseThrow();
  }

  String tokenText(String name, String cvlan) {
    return tokenText(name, cvlan, spec -> {});
  }

  static RegisterRequest request(String token, String hostname) {
    return request(token, hostname, OperatorFixture.randomWireGuardKey());
  }

  static RegisterRequest request(String token, String hostname, String publicKey) {
    return new RegisterRequest(token, publicKey, "02:00:00:aa:bb:cc", nonce(), hostname, "linux", "0.1.0",
        List.of(new EndpointDto("198.51.100.7", 51820)), null, null, null);
  }

  static RegisterRequest withNonce(RegisterRequest r, String nonce) {
    return new RegisterRequest(r.token(), r.publicKey(), r.mac(), nonce, r.hostname(), r.os(), r.agentVersion(), r.endpoints(),
        r.csr(), r.pod(), r.kubernetesNode());
  }

  static RegisterRequest withCsr(RegisterRequest r, String csr) {
    return new RegisterRequest(r.token(), r.publicKey(), r.mac(), r.nonce(), r.hostname(), r.os(), r.agentVersion(), r.endpoints(),
        csr, r.pod(), r.kubernetesNode());
  }

  static RegisterRequest withPod(RegisterRequest r, io.cvlan.registration.protocol.PodDto pod) {
    return new RegisterRequest(r.token(), r.publicKey(), r.mac(), r.nonce(), r.hostname(), r.os(), r.agentVersion(), r.endpoints(),
        r.csr(), pod, r.kubernetesNode());
  }

  static String nonce() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** {@code cvlan}'s peers as its ConfigMaps publish them right now. */
  PeerSnapshot published(String cvlan) {
    return PeerSnapshot.of(k8s().client().configMaps().inNamespace(k8s().namespace()).withLabels(PeerConfigMaps.selector(cvlan))
        .list().getItems());
  }

  /** Waits (bounded) until peer {@code id} is published in {@code cvlan}'s ConfigMaps, and answers them then. */
  PeerSnapshot awaitPublished(String cvlan, String id) {
    return Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
        .until(() -> published(cvlan), snapshot -> snapshot.peers().containsKey(id));
  }

  List<OverlayNode> nodes() {
    return k8s().client().resources(OverlayNode.class).inNamespace(k8s().namespace()).list().getItems();
  }

  static void await(java.util.concurrent.Callable<Boolean> condition) {
    Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(condition);
  }
}
