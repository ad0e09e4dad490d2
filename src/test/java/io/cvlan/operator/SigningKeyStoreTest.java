package io.cvlan.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cvlan.token.store.SigningKeyStore;
import io.cvlan.testing.TerminatingNamespace;
import io.cvlan.testing.TestClock;
import io.cvlan.kube.NamespaceTerminatingException;
import io.cvlan.token.InvalidTokenException;
import io.cvlan.token.KeyRing;
import io.cvlan.token.TokenClaims;
import io.cvlan.token.TokenCodec;
import io.cvlan.token.TokenError;
import io.cvlan.token.TokenKind;
import io.cvlan.token.TokenVerifier;
import io.cvlan.embedded.EmbeddedApiServer;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SigningKeyStoreTest {
  static EmbeddedApiServer api;
  final TestClock clock = new TestClock();
  final String namespace = "keys-" + System.nanoTime();
  final SigningKeyStore store = new SigningKeyStore(api.client(), clock, new SecureRandom(), Duration.ofDays(90));

  @BeforeAll
  static void startApi() {
    api = EmbeddedApiServer.start();
  }

  @AfterAll
  static void stopApi() {
    api.close();
  }

  TokenClaims claims(Instant expiresAt) {
    return new TokenClaims(namespace, "blue", "uid-1", TokenKind.CLIENT, clock.instant(), expiresAt);
  }

  TokenVerifier verifier() {
    KeyRing ring = store.ring(namespace).orElseThrow();
    return new TokenVerifier((tenant, kid) -> ring.publicKey(kid), clock);
  }

  @Test
  void firstNeedCreatesOneKey() {
    assertThat(store.ring(namespace)).isEmpty();

    KeyRing ring = store.signingRing(namespace);

    assertThat(store.ring(namespace)).contains(ring);
    assertThat(store.signingRing(namespace)).isEqualTo(ring);
  }

  @Test
  void rotationSignsWithTheNewKeyWhileOldTokensStillVerify() throws Exception {
    KeyRing first = store.signingRing(namespace);
    String oldToken = new TokenCodec().sign(claims(clock.instant().plus(Duration.ofDays(1))), first.active());
    store.recordSigned(namespace, first.active().kid(), clock.instant().plus(Duration.ofDays(1)));

    KeyRing rotated = store.rotate(namespace);
    String newToken = new TokenCodec().sign(claims(clock.instant().plus(Duration.ofDays(1))), rotated.active());

    assertThat(rotated.active().kid()).isNotEqualTo(first.active().kid());
    assertThat(new TokenCodec().parse(newToken).kid()).isEqualTo(rotated.active().kid());
    assertThat(verifier().verify(oldToken).tokenId()).isEqualTo("uid-1");
    assertThat(verifier().verify(newToken).tokenId()).isEqualTo("uid-1");
  }

  @Test
  void keyOlderThanTheMaximumAgeIsRotatedOnNextSigning() {
    String first = store.signingRing(namespace).active().kid();

    clock.advance(Duration.ofDays(91));

    assertThat(store.signingRing(namespace).active().kid()).isNotEqualTo(first);
  }

  @Test
  void retiredKeyIsDroppedOnceEveryTokenItSignedHasExpired() {
    KeyRing first = store.signingRing(namespace);
    String oldToken = new TokenCodec().sign(claims(clock.instant().plus(Duration.ofHours(1))), first.active());
    store.recordSigned(namespace, first.active().kid(), clock.instant().plus(Duration.ofHours(1)));
    KeyRing rotated = store.rotate(namespace);

    clock.advance(Duration.ofHours(2));
    store.recordSigned(namespace, rotated.active().kid(), clock.instant().plus(Duration.ofHours(1)));

    assertThat(store.ring(namespace).orElseThrow().publicKey(first.active().kid())).isEmpty();
    assertThatThrownBy(() -> verifier().verify(oldToken))
        .isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.error()).isEqualTo(TokenError.UNKNOWN_KID));
  }

  @Test
  void concurrentFirstUseByTwoReplicasAgreesOnOneRing() {
    SigningKeyStore other = new SigningKeyStore(api.client(), clock, new SecureRandom(), Duration.ofDays(90));
    List<CompletableFuture<KeyRing>> racers = IntStream.range(0, 8)
        .mapToObj(i -> CompletableFuture.supplyAsync(() -> (i % 2 == 0 ? store : other).signingRing(namespace)))
        .toList();

    Set<String> kids = racers.stream().map(CompletableFuture::join).map(r -> r.active().kid())
        .collect(java.util.stream.Collectors.toSet());

    assertThat(kids).containsExactly(store.ring(namespace).orElseThrow().active().kid());
  }

  @Test
  void concurrentRecordsAreAllKept() {
    KeyRing ring = store.signingRing(namespace);
    String kid = ring.active().kid();
    Instant now = clock.instant();
    IntStream.rangeClosed(1, 30).parallel()
        .forEach(d -> store.recordSigned(namespace, kid, now.plus(Duration.ofDays(d))));
    Instant latest = now.plus(Duration.ofDays(30));

    assertThat(store.ring(namespace).orElseThrow().active().signedUntil()).isEqualTo(latest);
  }

  /** The namespace controller deleted the keys with everything else; they are not made again there. */
  @Test
  void noKeysAreMadeInANamespaceBeingTerminated() {
    api.faults(request -> TerminatingNamespace.isCreateIn(request, namespace)
        ? Optional.of(TerminatingNamespace.refusal(namespace)) : Optional.empty());
    try {
      assertThatThrownBy(() -> store.signingRing(namespace))
          .isInstanceOfSatisfying(NamespaceTerminatingException.class, e -> assertThat(e.namespace()).isEqualTo(namespace));
      assertThat(store.ring(namespace)).isEmpty();
    } finally {
      api.faults(request -> Optional.empty());
    }
  }
}
