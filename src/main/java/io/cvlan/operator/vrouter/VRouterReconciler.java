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
import io.cvlan.operator.metrics.OperatorMetrics;
import io.cvlan.operator.status.EventRecorder;
import io.cvlan.operator.status.NextStatus;
import io.cvlan.operator.status.StatusFactory;
import io.cvlan.operator.status.StatusReconciler;
import io.cvlan.operator.token.LostSigningKeys;
import io.cvlan.operator.token.SignedToken;
import io.cvlan.model.TokenConditions;
import io.cvlan.model.AgentConnection;
import io.cvlan.model.CvlanLookup;
import io.cvlan.pki.CertificateIssuers;
import io.cvlan.pki.InvalidCsrException;
import io.cvlan.pki.IssueResult;
import io.cvlan.pki.StoredCsr;
import io.cvlan.pki.VRouterCertificates;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Gives a VRouter what it needs to join its CVLANs: a join token Secret, an overlay address in each CVLAN
 * and an 8-hour certificate, renewed before it lapses. The CVLAN reconciler publishes it as a peer once it
 * has registered its public key.
 */
@ControllerConfiguration(name = "vrouter")
public class VRouterReconciler extends StatusReconciler<VRouter, VRouterStatus> {
  static final Duration CVLAN_RETRY = Duration.ofSeconds(30);

  private final IpAllocator allocator;
  private final CertificateIssuers issuers;
  private final JoinTokenSecret joinSecret;
  private final Clock clock;
  private final OperatorMetrics metrics;

  public VRouterReconciler(StatusFactory statuses, EventRecorder events, IpAllocator allocator, CertificateIssuers issuers,
      JoinTokenSecret joinSecret, Clock clock, OperatorMetrics metrics) {
    super(statuses, events, VRouterStatus::new);
    this.metrics = metrics;
    this.allocator = allocator;
    this.issuers = issuers;
    this.joinSecret = joinSecret;
    this.clock = clock;
  }

  public static String joinSecretName(VRouter vrouter) {
    return JoinTokenSecret.nameFor(vrouter);
  }

  @Override
  protected UpdateControl<VRouter> reconcileResource(VRouter vrouter, Context<VRouter> context) {
    NextStatus<VRouter, VRouterStatus> next = nextStatus(vrouter);
    VRouterStatus status = next.status();
    String namespace = vrouter.getMetadata().getNamespace();
    Map<String, CVLAN> known = context.getSecondaryResources(CVLAN.class).stream()
        .collect(Collectors.toMap(c -> c.getMetadata().getName(), Function.identity()));
    List<CvlanLookup.Usable> cvlans = new ArrayList<>();
    Optional<CvlanLookup.Unusable> blocked = Optional.empty();
    for (String name : new LinkedHashSet<>(vrouter.getSpec().getCvlans())) {
      CvlanLookup lookup = CvlanLookup.of(namespace, name, Optional.ofNullable(known.get(name)));
      if (lookup instanceof CvlanLookup.Unusable unusable) {
        if (unusable.gone()) {
          forgetCvlan(vrouter, next, name, unusable, context);
        }
        blocked = blocked.or(() -> Optional.of(unusable));
      } else {
        cvlans.add((CvlanLookup.Usable) lookup);
      }
    }
    if (blocked.isPresent()) {
      return next.set(READY, false, blocked.get().reason(), blocked.get().message()).patch().rescheduleAfter(CVLAN_RETRY);
    }
    CVLAN first = cvlans.get(0).cvlan();

    SignedToken token = joinSecret.reconcileToken(vrouter, context);
    status.setJoinTokenSecret(joinSecretName(vrouter));
    if (token.origin() == SignedToken.Origin.REPLACES_LOST_KEY) {
      events().record(vrouter, EventRecorder.Type.Warning, TokenConditions.REASON_SIGNING_KEY_LOST, "the key that signed the join token"
          + " is gone, so that token verifies nowhere any more; signed again with key " + token.kid() + " in Secret " + joinSecretName(vrouter));
    }

    releaseDroppedCvlans(vrouter, next.previous());
    Set<String> heldBefore = next.previous().getAddresses() == null ? Set.of() : next.previous().getAddresses().stream()
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
        next.set(ADDRESSES, false, REASON_EXHAUSTED, e.getMessage());
        return next.set(READY, false, REASON_EXHAUSTED, e.getMessage()).patch().rescheduleAfter(CVLAN_RETRY);
      }
    }
    status.setAddresses(addresses);
    status.setIpv4(addresses.get(0).getIpv4());
    next.set(ADDRESSES, true, REASON_ALLOCATED, addresses.stream()
        .map(a -> a.getCvlan() + " " + a.getIpv4()).collect(Collectors.joining(", ")));

    IssueResult certificate = certificate(first, vrouter, context);
    if (certificate instanceof IssueResult.Pending pending) {
      next.set(CERTIFICATE, false, pending.reason(), pending.message());
      return next.set(READY, false, pending.reason(), pending.message()).patch().rescheduleAfter(Duration.ofSeconds(5));
    }
    IssueResult.Issued issued = (IssueResult.Issued) certificate;
    status.setCertificateSecret(issued.secretName());
    status.setCertificateNotAfter(issued.notAfter().toString());
    next.set(CERTIFICATE, true, REASON_ISSUED, "certificate valid until " + issued.notAfter());
    next.set(READY, true, REASON_READY, "join token, addresses and certificate are in place");

    AgentConnection agent = AgentConnection.of(status.getLastSeen(), clock.instant(), joinSecretName(vrouter));
    next.set(AgentConnection.TYPE, agent.connected(), agent.reason(), agent.message());

    Instant renewCertificate = Renewal.renewAt(issued.notBefore(), issued.notAfter());
    Instant renewToken = JoinTokenSecret.renewAt(token);
    // lastSeen is a status write, which starts no reconcile: connection is re-judged when it can change.
    Instant wake = Stream.of(renewCertificate, renewToken, agent.recheckAt()).min(Instant::compareTo).orElseThrow();
    return next.patch().rescheduleAfter(Duration.between(clock.instant(), wake).plusSeconds(1));
  }

  /**
   * The vrouter's certificate, renewed when due. Once its agent has registered with a CSR, the CSR kept on the
   * certificate Secret is what is signed again: the agent's key never changes hands.
   */
  private IssueResult certificate(CVLAN cvlan, VRouter vrouter, Context<VRouter> context) {
    var issuer = issuers.forCvlan(cvlan);
    Optional<StoredCsr> csr = issuer == issuers.builtInCa() ? VRouterCertificates.csrOf(context.getClient(), vrouter) : Optional.empty();
    var request = CertificateProfiles.vrouter(cvlan, vrouter, csr);
    try {
      Optional<IssueResult.Issued> current = issuer.current(cvlan, request);
      return current.isPresent() ? current.get() : issuer.issue(cvlan, request);
    } catch (InvalidCsrException e) {
      throw new IllegalStateException("the CSR kept on Secret " + CertificateProfiles.vrouterSecret(vrouter)
          + " does not parse; delete the Secret and restart the vrouter agent: " + e.getMessage(), e);
    }
  }

  /** The addresses the status says the vrouter holds in {@code cvlan}. */
  private static List<String> addressesIn(VRouterStatus status, String cvlan) {
    return status.getAddresses().stream().filter(a -> cvlan.equals(a.getCvlan()))
        .flatMap(a -> java.util.stream.Stream.of(a.getIpv4(), a.getIpv6())).filter(java.util.Objects::nonNull).toList();
  }

  /**
   * A CVLAN that is gone took the VRouter's address there (and, for the first, the CA of its certificate)
   * with it: the status stops claiming them. A CVLAN re-created under the name gives new ones.
   */
  private void forgetCvlan(VRouter vrouter, NextStatus<VRouter, VRouterStatus> next, String cvlan, CvlanLookup.Unusable why,
      Context<VRouter> context) {
    VRouterStatus status = next.status();
    // Unconditional: a reconcile racing the CVLAN's deletion may have claimed after the CVLAN released all.
    allocator.release(vrouter, cvlan, addressesIn(status, cvlan));
    List<VRouterAddress> kept = status.getAddresses().stream().filter(a -> !cvlan.equals(a.getCvlan())).toList();
    next.set(ADDRESSES, false, why.reason(), why.message());
    status.setAddresses(new ArrayList<>(kept));
    if (cvlan.equals(vrouter.getSpec().getCvlans().get(0))) {
      status.setIpv4(null);
      // Once: then the status no longer names it, and the reconciles that follow (every 30 s) delete nothing.
      if (status.getCertificateSecret() != null) {
        context.getClient().secrets().inNamespace(vrouter.getMetadata().getNamespace())
            .withName(CertificateProfiles.vrouterSecret(vrouter)).delete();
      }
      status.setCertificateSecret(null);
      status.setCertificateNotAfter(null);
      next.set(CERTIFICATE, false, why.reason(), why.message());
    }
  }

  /** A CVLAN taken out of spec.cvlans gives its address back. */
  private void releaseDroppedCvlans(VRouter vrouter, VRouterStatus previous) {
    Set<String> wanted = Set.copyOf(vrouter.getSpec().getCvlans());
    previous.getAddresses().stream().map(VRouterAddress::getCvlan).filter(c -> !wanted.contains(c))
        .forEach(c -> allocator.release(vrouter, c, addressesIn(previous, c)));
  }

  @Override
  public List<EventSource<?, VRouter>> prepareEventSources(EventSourceContext<VRouter> context) {
    var cvlans = InformerEventSourceConfiguration.from(CVLAN.class, VRouter.class)
        .withName("vrouter-cvlans")
        .withPrimaryToSecondaryMapper((VRouter v) -> v.getSpec().getCvlans().stream()
            .map(name -> new ResourceID(name, v.getMetadata().getNamespace())).collect(Collectors.toSet()))
        .withOnUpdateFilter(CvlanLookup::standingChanged)
        .withSecondaryToPrimaryMapper(cvlan -> context.getPrimaryCache()
            .list(cvlan.getMetadata().getNamespace(), v -> v.getSpec().getCvlans().contains(cvlan.getMetadata().getName()))
            .map(ResourceID::fromResource)
            .collect(Collectors.toSet()))
        .build();
    List<EventSource<?, VRouter>> sources = new ArrayList<>(EventSourceUtils.dependentEventSources(context, joinSecret));
    sources.add(new InformerEventSource<>(cvlans, context));
    sources.add(LostSigningKeys.eventSource(VRouter.class, "vrouter-signing-keys", context));
    sources.add(ClaimEvents.deletedClaims(allocator, VRouter.class, "VRouter", v -> v.getSpec().getCvlans(),
        v -> Conditions.hasReason(v.getStatus(), ADDRESSES, REASON_EXHAUSTED), context));
    return sources;
  }

  @Override
  protected void release(VRouter vrouter, Context<VRouter> context) {
    Set<String> cvlans = new LinkedHashSet<>(vrouter.getSpec().getCvlans());
    Optional.ofNullable(vrouter.getStatus()).ifPresent(s -> s.getAddresses().forEach(a -> cvlans.add(a.getCvlan())));
    cvlans.forEach(c -> allocator.release(vrouter, c,
        vrouter.getStatus() == null ? List.of() : addressesIn(vrouter.getStatus(), c)));
    Optional<CVLAN> first = context.getSecondaryResources(CVLAN.class).stream()
        .filter(c -> c.getMetadata().getName().equals(vrouter.getSpec().getCvlans().get(0))).findFirst();
    issuers.revoke(first, vrouter.getMetadata().getNamespace(), CertificateProfiles.vrouterSecret(vrouter));
    joinSecret.delete(vrouter, context);
  }
}
