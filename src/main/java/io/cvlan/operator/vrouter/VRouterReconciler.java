package io.cvlan.operator.vrouter;

import io.cvlan.model.Conditions;
import io.cvlan.pki.Renewal;
import static io.cvlan.model.NodeConditions.*;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.VRouter;
import io.cvlan.api.v1alpha1.VRouterAddress;
import io.cvlan.api.v1alpha1.VRouterStatus;
import io.cvlan.ipam.Allocation;
import io.cvlan.ipam.CvlanExhaustedException;
import io.cvlan.ipam.IpAllocator;
import io.cvlan.pki.CertificateProfiles;
import io.cvlan.operator.claims.ClaimEvents;
import io.cvlan.operator.status.ConditionRecorder;
import io.cvlan.operator.metrics.OperatorMetrics;
import io.cvlan.api.v1alpha1.Labels;
import io.cvlan.model.CvlanConditions;
import io.cvlan.model.CvlanLookup;
import io.cvlan.operator.token.RegistrationApiRef;
import io.cvlan.token.store.SigningKeyStore;
import io.cvlan.operator.token.TokenSecrets;
import io.cvlan.pki.CertificateIssuers;
import io.cvlan.pki.InvalidCsrException;
import io.cvlan.pki.IssueResult;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a VRouter what it needs to join its CVLANs: a join token Secret, an overlay address in each CVLAN
 * and an 8-hour certificate, renewed before it lapses. The CVLAN reconciler publishes it as a peer once it
 * has registered its public key.
 */
@ControllerConfiguration(name = "vrouter")
public class VRouterReconciler implements Reconciler<VRouter>, Cleaner<VRouter> {
  public static final String LABEL = "cvlan.io/vrouter";
  static final Duration CVLAN_RETRY = Duration.ofSeconds(30);
  private static final Logger log = LoggerFactory.getLogger(VRouterReconciler.class);

  private final ConditionRecorder conditions;
  private final IpAllocator allocator;
  private final CertificateIssuers issuers;
  private final JoinTokens joinTokens;
  private final SigningKeyStore keys;
  private final RegistrationApiRef registrationApi;
  private final Clock clock;
  private final OperatorMetrics metrics;

  public VRouterReconciler(ConditionRecorder conditions, IpAllocator allocator, CertificateIssuers issuers, JoinTokens joinTokens,
      SigningKeyStore keys, RegistrationApiRef registrationApi, Clock clock, OperatorMetrics metrics) {
    this.metrics = metrics;
    this.conditions = conditions;
    this.allocator = allocator;
    this.issuers = issuers;
    this.joinTokens = joinTokens;
    this.keys = keys;
    this.registrationApi = registrationApi;
    this.clock = clock;
  }

  public static String joinSecretName(VRouter vrouter) {
    return vrouter.getMetadata().getName() + "-join";
  }

  @Override
  public UpdateControl<VRouter> reconcile(VRouter vrouter, Context<VRouter> context) {
    VRouterStatus status = statusOf(vrouter);
    String namespace = vrouter.getMetadata().getNamespace();
    Map<String, CVLAN> known = context.getSecondaryResources(CVLAN.class).stream()
        .collect(Collectors.toMap(c -> c.getMetadata().getName(), Function.identity()));
    List<CvlanLookup.Usable> cvlans = new ArrayList<>();
    for (String name : new LinkedHashSet<>(vrouter.getSpec().getCvlans())) {
      CvlanLookup lookup = CvlanLookup.of(namespace, name, Optional.ofNullable(known.get(name)));
      if (lookup instanceof CvlanLookup.Unusable unusable) {
        conditions.set(vrouter, status, READY, false, unusable.reason(), unusable.message());
        return UpdateControl.patchStatus(vrouter).rescheduleAfter(CVLAN_RETRY);
      }
      cvlans.add((CvlanLookup.Usable) lookup);
    }
    CVLAN first = cvlans.get(0).cvlan();

    JoinTokens.Decision token = writeJoinToken(vrouter, first, context.getClient());
    status.setJoinTokenSecret(joinSecretName(vrouter));

    releaseDroppedCvlans(vrouter, status);
    Set<String> heldBefore = status.getAddresses() == null ? Set.of() : status.getAddresses().stream()
        .map(a -> a.getCvlan() + " " + a.getIpv4()).collect(Collectors.toSet());
    List<VRouterAddress> addresses = new ArrayList<>();
    for (CvlanLookup.Usable usable : cvlans) {
      try {
        Allocation a = allocator.allocate(usable.cvlan(), usable.space(), vrouter);
        addresses.add(new VRouterAddress(usable.cvlan().getMetadata().getName(), a.ipv4(), a.ipv6().orElse(null)));
        if (!heldBefore.contains(usable.cvlan().getMetadata().getName() + " " + a.ipv4())) {
          metrics.allocated(vrouter.getMetadata().getNamespace(), usable.cvlan().getMetadata().getName());
        }
      } catch (CvlanExhaustedException e) {
        conditions.set(vrouter, status, ADDRESSES, false, REASON_EXHAUSTED, e.getMessage());
        conditions.set(vrouter, status, READY, false, REASON_EXHAUSTED, e.getMessage());
        return UpdateControl.patchStatus(vrouter).rescheduleAfter(CVLAN_RETRY);
      }
    }
    status.setAddresses(addresses);
    status.setIpv4(addresses.get(0).getIpv4());
    conditions.set(vrouter, status, ADDRESSES, true, REASON_ALLOCATED, addresses.stream()
        .map(a -> a.getCvlan() + " " + a.getIpv4()).collect(Collectors.joining(", ")));

    IssueResult certificate = certificate(first, vrouter);
    if (certificate instanceof IssueResult.Pending pending) {
      conditions.set(vrouter, status, CERTIFICATE, false, pending.reason(), pending.message());
      conditions.set(vrouter, status, READY, false, pending.reason(), pending.message());
      return UpdateControl.patchStatus(vrouter).rescheduleAfter(Duration.ofSeconds(5));
    }
    IssueResult.Issued issued = (IssueResult.Issued) certificate;
    status.setCertificateSecret(issued.secretName());
    status.setCertificateNotAfter(issued.notAfter().toString());
    conditions.set(vrouter, status, CERTIFICATE, true, REASON_ISSUED, "certificate valid until " + issued.notAfter());
    conditions.set(vrouter, status, READY, true, REASON_READY, "join token, addresses and certificate are in place");

    Instant renewCertificate = Renewal.renewAt(issued.notBefore(), issued.notAfter());
    Instant next = renewCertificate.isBefore(token.renewAt()) ? renewCertificate : token.renewAt();
    return UpdateControl.patchStatus(vrouter).rescheduleAfter(Duration.between(clock.instant(), next).plusSeconds(1));
  }

  private JoinTokens.Decision writeJoinToken(VRouter vrouter, CVLAN first, KubernetesClient client) {
    String namespace = vrouter.getMetadata().getNamespace();
    var secrets = client.secrets().inNamespace(namespace);
    Optional<String> existing = Optional.ofNullable(secrets.withName(joinSecretName(vrouter)).get()).flatMap(TokenSecrets::tokenOf);
    JoinTokens.Decision decision = joinTokens.tokenFor(vrouter, first, existing);
    if (decision.fresh()) {
      Secret secret = TokenSecrets.build(namespace, joinSecretName(vrouter),
          Map.of(Labels.MANAGED_BY, Labels.OPERATOR, LABEL, vrouter.getMetadata().getName()), decision.token(), registrationApi);
      secret.addOwnerReference(vrouter);
      client.resource(secret).createOr(NonDeletingOperation::update);
      keys.recordSigned(namespace, io.cvlan.operator.token.TokenIssuer.signingKeyId(decision.token()), decision.expiresAt());
      log.info("namespace={} vrouter={} join token issued expiresAt={}", namespace, vrouter.getMetadata().getName(),
          decision.expiresAt());
    }
    return decision;
  }

  private IssueResult certificate(CVLAN cvlan, VRouter vrouter) {
    var issuer = issuers.forCvlan(cvlan);
    var request = CertificateProfiles.vrouter(cvlan, vrouter);
    try {
      Optional<IssueResult.Issued> current = issuer.current(cvlan, request);
      return current.isPresent() ? current.get() : issuer.issue(cvlan, request);
    } catch (InvalidCsrException e) {
      throw new IllegalStateException("the operator generates vrouter keys itself; no CSR can be invalid", e);
    }
  }

  /** A CVLAN taken out of spec.cvlans gives its address back. */
  private void releaseDroppedCvlans(VRouter vrouter, VRouterStatus status) {
    Set<String> wanted = Set.copyOf(vrouter.getSpec().getCvlans());
    status.getAddresses().stream().map(VRouterAddress::getCvlan).filter(c -> !wanted.contains(c))
        .forEach(c -> allocator.release(vrouter, c));
  }

  @Override
  public List<EventSource<?, VRouter>> prepareEventSources(EventSourceContext<VRouter> context) {
    var cvlans = InformerEventSourceConfiguration.from(CVLAN.class, VRouter.class)
        .withName("vrouter-cvlans")
        .withPrimaryToSecondaryMapper((VRouter v) -> v.getSpec().getCvlans().stream()
            .map(name -> new ResourceID(name, v.getMetadata().getNamespace())).collect(Collectors.toSet()))
        .withOnUpdateFilter((newer, older) -> Conditions.flipped(newer.getStatus(), older.getStatus(), CvlanConditions.READY)
            || Conditions.flipped(newer.getStatus(), older.getStatus(), CvlanConditions.EXHAUSTED)
            || !java.util.Objects.equals(newer.getMetadata().getGeneration(), older.getMetadata().getGeneration()))
        .withSecondaryToPrimaryMapper(cvlan -> context.getPrimaryCache()
            .list(cvlan.getMetadata().getNamespace(), v -> v.getSpec().getCvlans().contains(cvlan.getMetadata().getName()))
            .map(ResourceID::fromResource)
            .collect(Collectors.toSet()))
        .build();
    return List.of(new InformerEventSource<>(cvlans, context), ClaimEvents.deletedClaims(VRouter.class, "VRouter",
        v -> v.getSpec().getCvlans(), v -> Conditions.hasReason(v.getStatus(), ADDRESSES, REASON_EXHAUSTED), context));
  }

  @Override
  public DeleteControl cleanup(VRouter vrouter, Context<VRouter> context) {
    String namespace = vrouter.getMetadata().getNamespace();
    Set<String> cvlans = new LinkedHashSet<>(vrouter.getSpec().getCvlans());
    Optional.ofNullable(vrouter.getStatus()).ifPresent(s -> s.getAddresses().forEach(a -> cvlans.add(a.getCvlan())));
    cvlans.forEach(c -> allocator.release(vrouter, c));
    String certificate = CertificateProfiles.vrouterSecret(vrouter);
    context.getSecondaryResources(CVLAN.class).stream()
        .filter(c -> c.getMetadata().getName().equals(vrouter.getSpec().getCvlans().get(0))).findFirst()
        .ifPresentOrElse(c -> issuers.forCvlan(c).revoke(namespace, certificate),
            () -> context.getClient().secrets().inNamespace(namespace).withName(certificate).delete());
    context.getClient().secrets().inNamespace(namespace).withName(joinSecretName(vrouter)).delete();
    log.info("namespace={} vrouter={} released", namespace, vrouter.getMetadata().getName());
    return DeleteControl.defaultDelete();
  }

  @Override
  public ErrorStatusUpdateControl<VRouter> updateErrorStatus(VRouter vrouter, Context<VRouter> context, Exception e) {
    conditions.set(vrouter, statusOf(vrouter), READY, Conditions.UNKNOWN, REASON_RECONCILE_ERROR, e.getMessage());
    return ErrorStatusUpdateControl.patchStatus(vrouter);
  }

  private static VRouterStatus statusOf(VRouter vrouter) {
    if (vrouter.getStatus() == null) {
      vrouter.setStatus(new VRouterStatus());
    }
    return vrouter.getStatus();
  }
}
