package io.cvlan.operator.token;

import io.cvlan.model.TokenUsage;
import io.cvlan.model.TokenLifetime;
import static io.cvlan.model.TokenConditions.*;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.RegistrationToken;
import io.cvlan.api.v1alpha1.RegistrationTokenStatus;
import io.cvlan.operator.status.EventRecorder;
import io.cvlan.operator.status.NextStatus;
import io.cvlan.operator.status.StatusFactory;
import io.cvlan.operator.status.StatusReconciler;
import io.cvlan.operator.metrics.OperatorMetrics;
import io.cvlan.operator.status.Observation;
import io.cvlan.token.store.SigningKeyStore;
import io.cvlan.token.store.SigningKeysVanishedException;
import io.cvlan.model.CvlanLookup;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceUtils;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs a RegistrationToken into its Secret once its CVLAN is Ready, keeps its status, and wakes up at the
 * moment it expires. Deleting the resource revokes the token (the registration API looks it up on each use).
 * An issued token's expiry never moves later ({@link ExpiryChange}); a token whose signing key is lost is
 * signed again ({@link LostSigningKeys}); in a namespace being deleted there is nothing to do.
 */
@ControllerConfiguration(name = "registrationtoken")
public class RegistrationTokenReconciler extends StatusReconciler<RegistrationToken, RegistrationTokenStatus> {
  static final Duration CVLAN_RETRY = Duration.ofMinutes(1);
  static final Duration KEYS_VANISHED_RETRY = Duration.ofSeconds(1);
  private static final Logger log = LoggerFactory.getLogger(RegistrationTokenReconciler.class);

  private final OperatorMetrics metrics;
  private final Clock clock;
  private final RegistrationTokenSecret secret;
  private final RegistrationConfigMap registration;

  public RegistrationTokenReconciler(StatusFactory statuses, EventRecorder events, RegistrationTokenSecret secret,
      RegistrationConfigMap registration, Clock clock, OperatorMetrics metrics) {
    super(statuses, events, RegistrationTokenStatus::new);
    this.registration = registration;
    this.metrics = metrics;
    this.clock = clock;
    this.secret = secret;
  }

  @Override
  protected UpdateControl<RegistrationToken> reconcileResource(RegistrationToken token, Context<RegistrationToken> context) {
    try {
      return reconcileToken(token, context);
    } catch (SigningKeysVanishedException e) {
      // Deleted under our feet (by hand, or by the namespace controller): what was just signed is dead. Start over.
      log.info("namespace={} kind=RegistrationToken name={} signing keys vanished while signing; starting over",
          token.getMetadata().getNamespace(), token.getMetadata().getName());
      return UpdateControl.<RegistrationToken>noUpdate().rescheduleAfter(KEYS_VANISHED_RETRY);
    }
  }

  private UpdateControl<RegistrationToken> reconcileToken(RegistrationToken token, Context<RegistrationToken> context) {
    NextStatus<RegistrationToken, RegistrationTokenStatus> next = nextStatus(token);
    RegistrationTokenStatus status = next.status();
    // Before any early return: a spec that stopped naming ServiceAccounts must take the ConfigMap away even
    // while its CVLAN is not ready, since the next reconcile sees that spec as already observed.
    boolean specObserved = java.util.Objects.equals(next.previous().getObservedGeneration(), token.getMetadata().getGeneration());
    registration.reconcile(token, context.getClient(), specObserved);
    status.setTokenId(token.getMetadata().getUid());
    status.setSecretName(RegistrationTokenSecret.nameFor(token));
    // The usage view may be ahead of the primary cache that handed us this token.
    RegistrationToken counted = context.getSecondaryResource(RegistrationToken.class)
        .filter(t -> TokenUsage.uses(t) > TokenUsage.uses(token)).orElse(token);
    status.setUses(TokenUsage.uses(counted));
    metrics.tokenUses(token.getMetadata().getNamespace(), token.getMetadata().getName(), status.getUses());
    status.setLastUsedAt(TokenUsage.lastUsedAt(counted).orElse(null));
    if (TokenLifetime.expiresAt(token) instanceof TokenLifetime.Result.Invalid invalid) {
      return next.set(READY, false, REASON_INVALID_SPEC, invalid.message()).patch();
    }
    Instant wanted = ((TokenLifetime.Result.Valid) TokenLifetime.expiresAt(token)).expiresAt();
    Optional<IssuedToken> issued = secret.issued(token, context);
    ExpiryChange expiry = ExpiryChange.of(wanted, RegistrationTokenSecret.issuedExpiry(token, issued));
    Instant expiresAt = expiry.expiresAt();
    status.setExpiresAt(expiresAt.toString());
    next.set(refusal(expiry));
    boolean expired = !clock.instant().isBefore(expiresAt);
    boolean exhausted = token.getSpec().getMaxUses() != null && status.getUses() >= token.getSpec().getMaxUses();
    next.set(EXPIRED, expired, expired ? REASON_EXPIRED : REASON_NOT_EXPIRED, (expired ? "expired at " : "expires at ") + expiresAt);
    next.set(EXHAUSTED, exhausted, exhausted ? REASON_EXHAUSTED : REASON_USES_LEFT,
        status.getUses() + " of " + Optional.ofNullable(token.getSpec().getMaxUses()).map(String::valueOf).orElse("unlimited") + " uses");

    CvlanLookup cvlan = CvlanLookup.of(token.getMetadata().getNamespace(), token.getSpec().getCvlan(),
        context.getSecondaryResource(CVLAN.class));
    if (cvlan instanceof CvlanLookup.Unusable unusable) {
      String hint = unusable.problem() == CvlanLookup.Problem.NOT_FOUND ? "; create it or correct spec.cvlan" : "";
      return next.set(READY, false, unusable.reason(), unusable.message() + hint).patch().rescheduleAfter(CVLAN_RETRY);
    }
    if (!expired) {
      SignedToken signed = secret.reconcileToken(token, expiresAt, context);
      status.setSigningKeyId(signed.kid());
      tell(token, issued, expiry, signed);
    }
    if (expired || exhausted) {
      return next.set(READY, false, expired ? REASON_EXPIRED : REASON_EXHAUSTED,
          expired ? "the token expired at " + expiresAt + "; create a new RegistrationToken" : "every use of the token is spent").patch();
    }
    next.set(READY, true, REASON_ISSUED, "token is in Secret " + status.getSecretName());
    return next.patch().rescheduleAfter(Duration.between(clock.instant(), expiresAt));
  }

  /** SpecRefused: True while the spec asks for a later expiry than the one issued, which the token keeps. */
  private static Observation refusal(ExpiryChange expiry) {
    if (expiry instanceof ExpiryChange.ExtensionRefused refused) {
      return Observation.of(SPEC_REFUSED, true, REASON_EXPIRY_CHANGE_REFUSED, "the spec asks for expiry " + refused.wanted()
          + " but the token was issued to expire at " + refused.expiresAt() + ", and an issued token's expiry never moves later;"
          + " it keeps its own. Create a new RegistrationToken for a longer lifetime, or set the spec back");
    }
    return Observation.of(SPEC_REFUSED, false, REASON_SPEC_APPLIED, "the spec is applied");
  }

  /** Events for a token signed again on purpose: the old one is dead, or lives shorter, and agents must be told. */
  private void tell(RegistrationToken token, Optional<IssuedToken> issued, ExpiryChange expiry, SignedToken signed) {
    if (signed.origin() == SignedToken.Origin.REPLACES_LOST_KEY) {
      String lostKid = issued.map(IssuedToken::kid).orElse("unknown");
      log.warn("namespace={} kind=RegistrationToken name={} token signed again: its signing key is gone lostKid={} kid={}",
          token.getMetadata().getNamespace(), token.getMetadata().getName(), lostKid, signed.kid());
      events().record(token, EventRecorder.Type.Warning, REASON_SIGNING_KEY_LOST, "the key that signed the token (kid " + lostKid
          + ") is no longer in Secret " + SigningKeyStore.SECRET_NAME + ", so no copy of that token verifies any more;"
          + " signed again with key " + signed.kid() + ", same token id and expiry, in Secret " + RegistrationTokenSecret.nameFor(token)
          + ": agents that have not registered yet need it again");
    } else if (expiry instanceof ExpiryChange.Shortened shortened && signed.fresh()) {
      log.info("namespace={} kind=RegistrationToken name={} token expiry shortened from={} to={}",
          token.getMetadata().getNamespace(), token.getMetadata().getName(), shortened.issued(), shortened.expiresAt());
      events().record(token, EventRecorder.Type.Normal, REASON_EXPIRY_SHORTENED, "the token was signed again to expire at "
          + shortened.expiresAt() + " instead of " + shortened.issued() + ", as the spec now asks");
    }
  }

  @Override
  public List<EventSource<?, RegistrationToken>> prepareEventSources(EventSourceContext<RegistrationToken> context) {
    var cvlans = InformerEventSourceConfiguration.from(CVLAN.class, RegistrationToken.class)
        .withName("cvlans")
        // Every registration moves the CVLAN's counts: a token reconcile (two Secret reads) for each was most
        // of the operator's reads under load.
        .withOnUpdateFilter(CvlanLookup::standingChanged)
        .withPrimaryToSecondaryMapper((RegistrationToken t) ->
            Set.of(new ResourceID(t.getSpec().getCvlan(), t.getMetadata().getNamespace())))
        .withSecondaryToPrimaryMapper(cvlan -> context.getPrimaryCache()
            .list(cvlan.getMetadata().getNamespace(), t -> cvlan.getMetadata().getName().equals(t.getSpec().getCvlan()))
            .map(ResourceID::fromResource)
            .collect(Collectors.toSet()))
        .build();
    // The registration API counts uses in annotations (a guarded main-endpoint write); JOSDK ignores
    // metadata-only changes of a primary, so a second view of the tokens re-queues one whose count moved.
    var usage = InformerEventSourceConfiguration.from(RegistrationToken.class, RegistrationToken.class)
        .withName("token-usage")
        .withOnAddFilter(t -> false)
        .withOnUpdateFilter((newer, older) -> TokenUsage.uses(newer) != TokenUsage.uses(older)
            || !TokenUsage.lastUsedAt(newer).equals(TokenUsage.lastUsedAt(older)))
        .withOnDeleteFilter((t, unknown) -> false)
        .withSecondaryToPrimaryMapper(t -> Set.of(ResourceID.fromResource(t)))
        .build();
    List<EventSource<?, RegistrationToken>> sources = new ArrayList<>(EventSourceUtils.dependentEventSources(context, secret));
    sources.add(new InformerEventSource<>(cvlans, context));
    sources.add(new InformerEventSource<>(usage, context));
    sources.add(LostSigningKeys.eventSource(RegistrationToken.class, "token-signing-keys", context));
    return sources;
  }

  /** Deleting the token Secret revokes nothing (the resource is gone, which does) but leaves no credential lying around. */
  @Override
  protected void release(RegistrationToken token, Context<RegistrationToken> context) {
    secret.delete(token, context);
    registration.delete(token, context.getClient());
    metrics.tokenDeleted(token.getMetadata().getNamespace(), token.getMetadata().getName());
  }
}
