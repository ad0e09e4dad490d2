package io.cvlan.operator.token;

import io.cvlan.token.store.SigningKeyStore;
import io.cvlan.model.TokenUsage;
import io.cvlan.model.TokenLifetime;
import io.cvlan.model.Conditions;
import static io.cvlan.model.TokenConditions.*;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.RegistrationToken;
import io.cvlan.api.v1alpha1.RegistrationTokenStatus;
import io.cvlan.operator.status.ConditionRecorder;
import io.cvlan.operator.metrics.OperatorMetrics;
import io.cvlan.model.CvlanLookup;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
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
 */
@ControllerConfiguration(name = "registrationtoken")
public class RegistrationTokenReconciler implements Reconciler<RegistrationToken>, Cleaner<RegistrationToken> {
  private static final Logger log = LoggerFactory.getLogger(RegistrationTokenReconciler.class);
  static final Duration CVLAN_RETRY = Duration.ofMinutes(1);

  private final OperatorMetrics metrics;
  private final ConditionRecorder conditions;
  private final SigningKeyStore keys;
  private final Clock clock;
  private final TokenSecretDependent secret;

  public RegistrationTokenReconciler(ConditionRecorder conditions, SigningKeyStore keys, RegistrationApiRef registrationApi, Clock clock,
      OperatorMetrics metrics) {
    this.metrics = metrics;
    this.conditions = conditions;
    this.keys = keys;
    this.clock = clock;
    this.secret = new TokenSecretDependent(new TokenIssuer(keys, clock), registrationApi);
  }

  @Override
  public UpdateControl<RegistrationToken> reconcile(RegistrationToken token, Context<RegistrationToken> context) {
    RegistrationTokenStatus status = statusOf(token);
    status.setTokenId(token.getMetadata().getUid());
    status.setSecretName(TokenSecretDependent.secretName(token));
    // The usage view may be ahead of the primary cache that handed us this token.
    RegistrationToken counted = context.getSecondaryResource(RegistrationToken.class)
        .filter(t -> TokenUsage.uses(t) > TokenUsage.uses(token)).orElse(token);
    status.setUses(TokenUsage.uses(counted));
    metrics.tokenUses(token.getMetadata().getNamespace(), token.getMetadata().getName(), status.getUses());
    status.setLastUsedAt(TokenUsage.lastUsedAt(counted).orElse(null));
    if (TokenLifetime.expiresAt(token) instanceof TokenLifetime.Result.Invalid invalid) {
      conditions.set(token, status, READY, false, REASON_INVALID_SPEC, invalid.message());
      return UpdateControl.patchStatus(token);
    }
    Instant expiresAt = ((TokenLifetime.Result.Valid) TokenLifetime.expiresAt(token)).expiresAt();
    status.setExpiresAt(expiresAt.toString());
    boolean expired = !clock.instant().isBefore(expiresAt);
    boolean exhausted = token.getSpec().getMaxUses() != null && status.getUses() >= token.getSpec().getMaxUses();
    conditions.set(token, status, EXPIRED, expired, expired ? REASON_EXPIRED : REASON_NOT_EXPIRED,
        (expired ? "expired at " : "expires at ") + expiresAt);
    conditions.set(token, status, EXHAUSTED, exhausted, exhausted ? REASON_EXHAUSTED : REASON_USES_LEFT,
        status.getUses() + " of " + Optional.ofNullable(token.getSpec().getMaxUses()).map(String::valueOf).orElse("unlimited") + " uses");

    CvlanLookup cvlan = CvlanLookup.of(token.getMetadata().getNamespace(), token.getSpec().getCvlan(),
        context.getSecondaryResource(CVLAN.class));
    if (cvlan instanceof CvlanLookup.Unusable unusable) {
      String hint = unusable.problem() == CvlanLookup.Problem.NOT_FOUND ? "; create it or correct spec.cvlan" : "";
      conditions.set(token, status, READY, false, unusable.reason(), unusable.message() + hint);
      return UpdateControl.patchStatus(token).rescheduleAfter(CVLAN_RETRY);
    }
    if (!expired) {
      issue(token, status, ((CvlanLookup.Usable) cvlan).cvlan(), expiresAt, context);
    }
    if (expired || exhausted) {
      conditions.set(token, status, READY, false, expired ? REASON_EXPIRED : REASON_EXHAUSTED,
          expired ? "the token expired at " + expiresAt + "; create a new RegistrationToken" : "every use of the token is spent");
      return UpdateControl.patchStatus(token);
    }
    conditions.set(token, status, READY, true, REASON_ISSUED, "token is in Secret " + status.getSecretName());
    return UpdateControl.patchStatus(token).rescheduleAfter(Duration.between(clock.instant(), expiresAt));
  }

  private void issue(RegistrationToken token, RegistrationTokenStatus status, CVLAN cvlan, Instant expiresAt,
      Context<RegistrationToken> context) {
    Secret written = secret.reconcile(token, context).getSingleResource()
        .orElseThrow(() -> new IllegalStateException("token Secret " + status.getSecretName() + " was not written"));
    String kid = TokenIssuer.signingKeyId(TokenSecrets.tokenOf(written).orElseThrow());
    if (!kid.equals(status.getSigningKeyId())) {
      keys.recordSigned(token.getMetadata().getNamespace(), kid, expiresAt);
      log.info("namespace={} token={} cvlan={} issued kid={} expiresAt={}", token.getMetadata().getNamespace(),
          token.getMetadata().getName(), token.getSpec().getCvlan(), kid, expiresAt);
    }
    status.setSigningKeyId(kid);
  }

  @Override
  public List<EventSource<?, RegistrationToken>> prepareEventSources(EventSourceContext<RegistrationToken> context) {
    var cvlans = InformerEventSourceConfiguration.from(CVLAN.class, RegistrationToken.class)
        .withName("cvlans")
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
    return sources;
  }

  /** The API server's garbage collector deletes the owned Secret too; deleting it here does not wait for it. */
  @Override
  public DeleteControl cleanup(RegistrationToken token, Context<RegistrationToken> context) {
    String uid = token.getMetadata().getUid();
    context.getSecondaryResource(Secret.class)
        .filter(s -> s.getMetadata().getOwnerReferences().stream().anyMatch(o -> uid.equals(o.getUid())))
        .ifPresent(s -> context.getClient().secrets().inNamespace(s.getMetadata().getNamespace())
            .withName(s.getMetadata().getName()).delete());
    metrics.tokenDeleted(token.getMetadata().getNamespace(), token.getMetadata().getName());
    log.info("namespace={} token={} revoked", token.getMetadata().getNamespace(), token.getMetadata().getName());
    return DeleteControl.defaultDelete();
  }

  @Override
  public ErrorStatusUpdateControl<RegistrationToken> updateErrorStatus(RegistrationToken token,
      Context<RegistrationToken> context, Exception e) {
    conditions.set(token, statusOf(token), READY, Conditions.UNKNOWN, REASON_RECONCILE_ERROR, e.getMessage());
    return ErrorStatusUpdateControl.patchStatus(token);
  }

  private static RegistrationTokenStatus statusOf(RegistrationToken token) {
    if (token.getStatus() == null) {
      token.setStatus(new RegistrationTokenStatus());
    }
    return token.getStatus();
  }
}
