package io.cvlan.operator.token;

import static io.cvlan.testing.Statuses.hasCondition;

import io.cvlan.api.v1alpha1.RegistrationToken;
import io.cvlan.api.v1alpha1.RegistrationTokenSpec;
import io.cvlan.model.TokenConditions;
import io.cvlan.testing.OperatorFixture;
import io.cvlan.token.InvalidTokenException;
import io.cvlan.token.TokenClaims;
import io.cvlan.token.TokenCodec;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;

/** The steps the token specs are written in: a Ready token, its Secret's token, a spec edit, the Events. */
final class TokenSteps {
  private final OperatorFixture k8s;

  TokenSteps(OperatorFixture k8s) {
    this.k8s = k8s;
  }

  /** A Ready token of CVLAN blue (created here), with whatever else the test sets on its spec. */
  RegistrationToken readyToken(String name, Consumer<RegistrationTokenSpec> more) {
    k8s.createCvlan("blue", "10.100.0.0/16");
    k8s.createToken(name, spec -> {
      spec.setCvlan("blue");
      more.accept(spec);
    });
    return k8s.awaitUntil(RegistrationToken.class, name, t -> hasCondition(t, TokenConditions.READY, "True"));
  }

  /** The token text the named Secret holds, once it holds one. */
  String tokenIn(String secret) {
    return TokenSecrets.tokenOf(k8s.awaitUntil(Secret.class, secret, s -> TokenSecrets.tokenOf(s).isPresent())).orElseThrow();
  }

  /** The claims of a token, by its signature alone: what was issued, whatever the keys or the clock say now. */
  static TokenClaims claimsOf(String token) {
    try {
      return new TokenCodec().parse(token).claims();
    } catch (InvalidTokenException e) {
      throw new AssertionError("not a token", e);
    }
  }

  static String kidOf(String token) {
    try {
      return new TokenCodec().parse(token).kid();
    } catch (InvalidTokenException e) {
      throw new AssertionError("not a token", e);
    }
  }

  /** Edits the token's spec and waits until the operator has reconciled that generation. */
  RegistrationToken editSpec(String name, Consumer<RegistrationTokenSpec> edit) {
    UnaryOperator<RegistrationToken> change = t -> {
      edit.accept(t.getSpec());
      return t;
    };
    return k8s.editSpecAndAwaitObserved(RegistrationToken.class, name, change, t -> t.getStatus().getObservedGeneration());
  }

  List<Event> eventsOf(String kind, String name) {
    return k8s.client().v1().events().inNamespace(k8s.namespace()).list().getItems().stream()
        .filter(e -> kind.equals(e.getInvolvedObject().getKind()) && name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  /** The Events with {@code reason} about the named object, once there is at least one. */
  List<Event> awaitEvents(String kind, String name, String reason) {
    return Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
        .until(() -> eventsOf(kind, name).stream().filter(e -> reason.equals(e.getReason())).toList(), events -> !events.isEmpty());
  }
}
