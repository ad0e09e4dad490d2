package io.cvlan.ipam;

import io.cvlan.cache.ScopedInformer;
import io.cvlan.cache.Trims;
import io.cvlan.cache.WatchScope;
import io.cvlan.api.v1alpha1.Labels;
import inet.ipaddr.IPAddress;
import io.cvlan.api.v1alpha1.AllocationStrategy;
import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.IPAllocation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BiPredicate;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out overlay addresses by creating one {@link IPAllocation} per address (KEP-1880 style): the
 * create is the claim, and the API server's name uniqueness makes a double allocation impossible, even
 * across operator replicas. An index mirrored from an informer finds the next free address without
 * scanning; a 409 marks the address taken and the next candidate is tried.
 */
public final class IpAllocator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IpAllocator.class);
  private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(60);
  /** Allocations for one owner are serialised (idempotency); different owners rarely share a stripe. */
  private static final int OWNER_STRIPES = 64;
  private static final long REPAIR_PAGE = 500;

  private final KubernetesClient client;
  private final RandomGenerator random;
  private final Map<LedgerKey, CvlanLedger> ledgers = new ConcurrentHashMap<>();
  private final Object[] ownerStripes = new Object[OWNER_STRIPES];
  private final WatchScope scope;
  private ScopedInformer<IPAllocation> informer;
  /** Told of every claim deleted, from the one IPAllocation informer of the process (its owners re-queue). */
  private final List<java.util.function.Consumer<ClaimChange>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** A claim the index just learned of ({@code deleted} false) or lost. */
  public record ClaimChange(IPAllocation claim, boolean deleted) {}
  /** Deletes surplus claims off the informer's thread, which must never block on the API server. */
  private final java.util.concurrent.ExecutorService janitor = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
    Thread thread = new Thread(r, "ipam-janitor");
    thread.setDaemon(true);
    return thread;
  });

  private record LedgerKey(String namespace, String cvlan) {}

  public IpAllocator(KubernetesClient client, RandomGenerator random) {
    this(client, random, WatchScope.everyNamespace());
  }

  /** Indexes the claims of the namespaces in {@code scope} only: a namespaced operator serves no other. */
  public IpAllocator(KubernetesClient client, RandomGenerator random, WatchScope scope) {
    this.client = Objects.requireNonNull(client, "client");
    this.scope = Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(random, "random");
    // Ledgers of different CVLANs draw concurrently, and the caller may pass a generator that is not
    // thread-safe (SplittableRandom): every default method of RandomGenerator goes through nextLong().
    this.random = new RandomGenerator() {
      @Override
      public synchronized long nextLong() {
        return random.nextLong();
      }
    };
    for (int i = 0; i < OWNER_STRIPES; i++) {
      ownerStripes[i] = new Object();
    }
  }

  /** Starts watching IPAllocations in all namespaces and returns once the index holds every existing claim. */
  public synchronized void start() {
    if (informer != null) {
      return;
    }
    informer = ScopedInformer.of(scope.over(client.resources(IPAllocation.class)).stream()
        .map(w -> w.withLimit(Trims.LIST_LIMIT).runnableInformer(0)).toList(), Trims::store, Map.of());
    informer.addEventHandler(new ClaimEvents());
    try {
      informer.start().get(SYNC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopInformer();
      throw new IllegalStateException("interrupted while syncing IPAllocations", e);
    } catch (ExecutionException | TimeoutException e) {
      stopInformer();
      throw new IllegalStateException("IPAllocations did not sync within " + SYNC_TIMEOUT + ": " + e.getMessage(), e);
    }
    // Handler notifications of the initial list may still be queued; indexing the synced cache makes the
    // index complete when start() returns. Re-checking the store per object keeps an object deleted
    // meanwhile from coming back as a phantom claim (the store drops it before the handler hears of it).
    for (IPAllocation listed : informer.list()) {
      informer.current(listed).ifPresent(this::index);
    }
    LOG.info("claims={} namespaces={} ipam index synced", informer.list().size(), scope);
  }

  /**
   * The owner's addresses in the CVLAN: the ones it already holds, or newly claimed ones. Claims an IPv6
   * too when the space has one.
   *
   * @throws CvlanExhaustedException when no free address is left
   */
  public Allocation allocate(CVLAN cvlan, AddressSpace space, HasMetadata owner) throws CvlanExhaustedException {
    requireStarted();
    String namespace = cvlan.getMetadata().getNamespace();
    String name = cvlan.getMetadata().getName();
    AllocationStrategy strategy = Optional.ofNullable(cvlan.getSpec().getAllocation())
        .orElse(AllocationStrategy.Sequential);
    OwnerRef ownerRef = OwnerRef.of(owner);
    CvlanLedger ledger = ledger(namespace, name);
    ledger.bind(space);
    synchronized (stripe(namespace, name, ownerRef)) {
      Optional<Claim> held = stillStored(ledger, namespace, ledger.held(ownerRef, Family.IPV4), ownerRef, Family.IPV4);
      Claim ipv4 = held.isPresent() ? held.get() : claim(ledger, cvlan, Family.IPV4, strategy, owner);
      Optional<Claim> ipv6 = stillStored(ledger, namespace, ledger.held(ownerRef, Family.IPV6), ownerRef, Family.IPV6);
      if (ipv6.isEmpty() && space.ipv6().isPresent()) {
        ipv6 = Optional.of(claim(ledger, cvlan, Family.IPV6, strategy, owner));
      }
      return new Allocation(ipv4.text(), ipv6.map(Claim::text));
    }
  }

  /**
   * Confirms that {@code owner} holds the addresses it was told ({@code told}, from its spec): the claims
   * exist, or are re-created for exactly those addresses when something deleted them. Never claims another
   * address: the agent uses the one it was told.
   *
   * @throws AddressConflictException when another holder has claimed one of them since
   */
  public Allocation confirm(CVLAN cvlan, AddressSpace space, HasMetadata owner, Allocation told) throws AddressConflictException {
    requireStarted();
    String namespace = cvlan.getMetadata().getNamespace();
    OwnerRef ownerRef = OwnerRef.of(owner);
    CvlanLedger ledger = ledger(namespace, cvlan.getMetadata().getName());
    ledger.bind(space);
    synchronized (stripe(namespace, cvlan.getMetadata().getName(), ownerRef)) {
      confirm(ledger, cvlan, owner, Family.IPV4, told.ipv4());
      if (told.ipv6().isPresent()) {
        confirm(ledger, cvlan, owner, Family.IPV6, told.ipv6().get());
      }
    }
    return told;
  }

  private void confirm(CvlanLedger ledger, CVLAN cvlan, HasMetadata owner, Family family, String address)
      throws AddressConflictException {
    OwnerRef ownerRef = OwnerRef.of(owner);
    if (ledger.held(ownerRef, family).filter(c -> c.text().equals(address)).isPresent()) {
      return;
    }
    String namespace = cvlan.getMetadata().getNamespace();
    IPAddress ip = new inet.ipaddr.IPAddressString(address).getAddress();
    IPAllocation desired = IpAllocations.claim(namespace, cvlan, ip, family, owner);
    var resource = client.resources(IPAllocation.class).inNamespace(namespace).withName(desired.getMetadata().getName());
    IPAllocation stored = resource.get();
    if (stored == null) {
      try {
        stored = client.resource(desired).create();
        LOG.info("namespace={} cvlan={} owner={} {}={} claim re-created", namespace, cvlan.getMetadata().getName(), ownerRef,
            family.label(), address);
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
        stored = resource.get();
      }
    }
    Optional<Claim> claim = stored == null ? Optional.empty() : IpAllocations.read(stored);
    if (claim.isEmpty() || !claim.get().owner().equals(Optional.of(ownerRef))) {
      throw new AddressConflictException(family.label() + " " + address + " is claimed by "
          + claim.flatMap(Claim::owner).map(OwnerRef::toString).orElse("another object") + "; delete this "
          + owner.getKind() + " so that its agent registers again");
    }
    ledger.put(claim.get());
  }

  /**
   * The held claim, checked against the API server. The owner's reconciler can hear of a claim's deletion
   * (its own informer) before this index does (another informer, no ordering between them), and would then
   * report an address the owner no longer holds; one GET closes that window. Gone claims leave the index,
   * and the next claim the owner holds, if any, is checked the same way.
   */
  private Optional<Claim> stillStored(CvlanLedger ledger, String namespace, Optional<Claim> held, OwnerRef owner, Family family) {
    while (held.isPresent() && held.get().confirmed()) {
      IPAllocation stored = client.resources(IPAllocation.class).inNamespace(namespace).withName(held.get().name()).get();
      if (stored != null && held.get().uid().equals(stored.getMetadata().getUid())) {
        return held;
      }
      ledger.remove(held.get().name(), held.get().uid());
      held = ledger.held(owner, family);
    }
    return held;
  }

  private Claim claim(CvlanLedger ledger, CVLAN cvlanObject, Family family, AllocationStrategy strategy,
      HasMetadata owner) throws CvlanExhaustedException {
    String namespace = cvlanObject.getMetadata().getNamespace();
    String cvlan = cvlanObject.getMetadata().getName();
    while (true) {
      IPAddress address = family == Family.IPV4 ? ledger.reserveIpv4(strategy, random)
          : ledger.reserveIpv6(strategy, random);
      IPAllocation desired = IpAllocations.claim(namespace, cvlanObject, address, family, owner);
      String name = desired.getMetadata().getName();
      try {
        IPAllocation created = client.resource(desired).create();
        Claim claim = IpAllocations.read(created).orElseThrow();
        ledger.put(claim);
        LOG.debug("namespace={} cvlan={} owner={} {}={} allocated", namespace, cvlan, claim.owner().orElseThrow(),
            family.label(), claim.text());
        return claim;
      } catch (KubernetesClientException e) {
        if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
          // Another writer holds it; the unconfirmed claim stays and keeps the address blocked.
          LOG.debug("namespace={} cvlan={} {}={} taken", namespace, cvlan, family.label(), address);
          ledger.lost(random);
          continue;
        }
        ledger.abandon(name);
        throw e;
      }
    }
  }

  /**
   * Deletes the owner's claims in the CVLAN (its namespace) and frees their addresses: those the index knows,
   * and those of {@code addresses} (what the owner says it holds: its spec, its status), which the index may
   * not have heard of yet — each looked up by its name, never by listing every claim: releasing one owner
   * costs the same with ten claims in the CVLAN as with ten thousand.
   */
  public void release(HasMetadata owner, String cvlan, Collection<String> addresses) {
    requireStarted();
    String namespace = owner.getMetadata().getNamespace();
    OwnerRef ownerRef = OwnerRef.of(owner);
    CvlanLedger ledger = ledger(namespace, cvlan);
    Map<String, String> toDelete = new LinkedHashMap<>();
    ledger.claimsOf(ownerRef).forEach(c -> toDelete.put(c.name(), c.uid()));
    for (String address : addresses) {
      IPAddress ip = address == null ? null : new inet.ipaddr.IPAddressString(address).getAddress();
      if (ip == null || toDelete.containsKey(ClaimNames.of(cvlan, ip))) {
        continue;
      }
      IPAllocation stored = client.resources(IPAllocation.class).inNamespace(namespace).withName(ClaimNames.of(cvlan, ip)).get();
      Optional.ofNullable(stored).flatMap(IpAllocations::read).filter(c -> c.owner().equals(Optional.of(ownerRef)))
          .ifPresent(c -> toDelete.put(c.name(), c.uid()));
    }
    synchronized (stripe(namespace, cvlan, ownerRef)) {
      toDelete.forEach((name, uid) -> delete(ledger, namespace, name, uid));
    }
    LOG.info("namespace={} cvlan={} owner={} claims={} released", namespace, cvlan, ownerRef, toDelete.size());
  }

  /**
   * Deletes exactly the claims of {@code allocation} (what a request just claimed and then could not use),
   * and nothing else the owner's name may hold: a request that failed touches no other claim.
   */
  public void unclaim(HasMetadata owner, String cvlan, Allocation allocation) {
    requireStarted();
    String namespace = owner.getMetadata().getNamespace();
    OwnerRef ownerRef = OwnerRef.of(owner);
    CvlanLedger ledger = ledger(namespace, cvlan);
    for (String address : allocation.ipv6().map(v6 -> List.of(allocation.ipv4(), v6)).orElse(List.of(allocation.ipv4()))) {
      String name = ClaimNames.of(cvlan, new inet.ipaddr.IPAddressString(address).getAddress());
      Optional<Claim> held = ledger.claimsOf(ownerRef).stream().filter(c -> c.name().equals(name)).findFirst();
      held.ifPresent(claim -> releaseIfStill(ledger, namespace, claim));
    }
  }

  /** Deletes every claim of the CVLAN (the CVLAN is being deleted). */
  public void releaseAll(String namespace, String cvlan) {
    requireStarted();
    CvlanLedger ledger = ledger(namespace, cvlan);
    Map<String, String> toDelete = new LinkedHashMap<>();
    client.resources(IPAllocation.class).inNamespace(namespace).withLabel(Labels.CVLAN, cvlan)
        .list().getItems().stream()
        .filter(a -> a.getSpec() != null && cvlan.equals(a.getSpec().getCvlan()))
        .forEach(a -> toDelete.put(a.getMetadata().getName(), a.getMetadata().getUid()));
    ledger.claims().forEach(c -> toDelete.putIfAbsent(c.name(), c.uid()));
    toDelete.forEach((name, uid) -> delete(ledger, namespace, name, uid));
    LOG.info("namespace={} cvlan={} claims={} released all", namespace, cvlan, toDelete.size());
  }

  private void delete(CvlanLedger ledger, String namespace, String name, String uid) {
    client.resources(IPAllocation.class).inNamespace(namespace).withName(name).delete();
    ledger.remove(name, uid);
  }

  /**
   * Deletes the CVLAN's claims whose owner is gone — a registration that claimed and then died before
   * creating its Node, or an owner deleted while no replica ran — and returns how many. Claims created less
   * than {@code grace} before {@code now} stay: their owner may be being created this very moment.
   */
  public int releaseOrphans(String namespace, String cvlan, BiPredicate<String, String> ownerExists, Instant now, Duration grace) {
    requireStarted();
    CvlanLedger ledger = ledger(namespace, cvlan);
    int released = 0;
    for (IPAllocation stored : storedClaims(namespace, cvlan)) {
      Optional<Claim> claim = IpAllocations.read(stored).filter(c -> cvlan.equals(stored.getSpec().getCvlan()));
      Optional<OwnerRef> owner = claim.flatMap(Claim::owner);
      String created = stored.getMetadata().getCreationTimestamp();
      if (owner.isEmpty() || created == null || Instant.parse(created).plus(grace).isAfter(now)
          || ownerExists.test(owner.get().kind(), owner.get().name())) {
        continue;
      }
      LOG.info("namespace={} cvlan={} owner={} ipallocation={} owner gone, releasing", namespace, cvlan, owner.get(),
          stored.getMetadata().getName());
      releaseIfStill(ledger, namespace, claim.get());
      released++;
    }
    return released;
  }

  /** The CVLAN's claims as the API server has them, read in pages: the repair must not trust a lagging index. */
  private List<IPAllocation> storedClaims(String namespace, String cvlan) {
    List<IPAllocation> claims = new java.util.ArrayList<>();
    String next = null;
    do {
      var page = client.resources(IPAllocation.class).inNamespace(namespace).withLabel(Labels.CVLAN, cvlan)
          .list(new ListOptionsBuilder().withLimit(REPAIR_PAGE).withContinue(next).build());
      claims.addAll(page.getItems());
      next = page.getMetadata() == null ? null : page.getMetadata().getContinue();
    } while (next != null && !next.isEmpty());
    return claims;
  }

  /**
   * Calls {@code listener} (on the informer's thread: it must be quick) with every claim indexed or deleted,
   * by anyone, after the index has it: what lets owners and CVLANs re-queue without more informers over
   * every claim, and read counts that include the change.
   */
  public void onChange(java.util.function.Consumer<ClaimChange> listener) {
    listeners.add(listener);
  }

  /** IPv4 claims the index knows for the CVLAN (every replica converges on the same count). */
  public long allocatedIpv4(String namespace, String cvlan) {
    CvlanLedger ledger = ledgers.get(new LedgerKey(namespace, cvlan));
    return ledger == null ? 0 : ledger.ipv4Claims();
  }

  /** The addresses the owner holds in the CVLAN, without claiming any. */
  public Optional<Allocation> held(String namespace, String cvlan, HasMetadata owner) {
    CvlanLedger ledger = ledgers.get(new LedgerKey(namespace, cvlan));
    if (ledger == null) {
      return Optional.empty();
    }
    OwnerRef ownerRef = OwnerRef.of(owner);
    return ledger.held(ownerRef, Family.IPV4)
        .map(ipv4 -> new Allocation(ipv4.text(), ledger.held(ownerRef, Family.IPV6).map(Claim::text)));
  }

  @Override
  public synchronized void close() {
    stopInformer();
    janitor.shutdown();
    ledgers.clear();
  }

  private void stopInformer() {
    if (informer != null) {
      informer.close();
      informer = null;
    }
  }

  private synchronized void requireStarted() {
    if (informer == null) {
      throw new IllegalStateException("IpAllocator not started; call start() first");
    }
  }

  private CvlanLedger ledger(String namespace, String cvlan) {
    return ledgers.computeIfAbsent(new LedgerKey(namespace, cvlan), key -> new CvlanLedger(key.cvlan()));
  }

  private Object stripe(String namespace, String cvlan, OwnerRef owner) {
    return ownerStripes[Math.floorMod(Objects.hash(namespace, cvlan, owner), OWNER_STRIPES)];
  }

  /** The name of the owner of the given kind ("Node", "VRouter") holding a claim, if any. */
  public static Optional<String> ownerName(IPAllocation allocation, String kind) {
    var labels = allocation.getMetadata().getLabels();
    return labels != null && kind.equals(labels.get(IpAllocations.OWNER_KIND_LABEL))
        ? Optional.ofNullable(labels.get(IpAllocations.OWNER_LABEL)) : Optional.empty();
  }

  private void index(IPAllocation allocation) {
    IpAllocations.read(allocation).ifPresentOrElse(
        claim -> {
          CvlanLedger ledger = ledger(allocation.getMetadata().getNamespace(), allocation.getSpec().getCvlan());
          ledger.put(claim);
          claim.owner().ifPresent(owner -> dropSurplus(ledger, allocation.getMetadata().getNamespace(), owner, claim.family()));
        },
        () -> LOG.warn("namespace={} ipallocation={} ignored: not a canonical claim (name must be <cvlan>-<address>)",
            allocation.getMetadata().getNamespace(), allocation.getMetadata().getName()));
  }

  /**
   * Two replicas without leader election can each claim an address for the same owner before either sees
   * the other's claim. Every replica keeps the lowest name and deletes the rest, so they agree without
   * talking; the owner's reconciler hears of the deletion and settles on the kept address.
   */
  private void dropSurplus(CvlanLedger ledger, String namespace, OwnerRef owner, Family family) {
    for (Claim surplus : ledger.surplus(owner, family)) {
      LOG.info("namespace={} owner={} ipallocation={} surplus claim from a concurrent replica, deleting", namespace, owner,
          surplus.name());
      janitor.execute(() -> deleteIfStill(namespace, surplus));
    }
  }

  /** {@link #deleteIfStill}, and the address is free in this index at once, before the informer reports it. */
  private void releaseIfStill(CvlanLedger ledger, String namespace, Claim claim) {
    deleteIfStill(namespace, claim);
    ledger.remove(claim.name(), claim.uid());
  }

  /** By name and uid: the name may meanwhile belong to a newer claim of someone else, which must stay. */
  private void deleteIfStill(String namespace, Claim claim) {
    var resource = client.resources(IPAllocation.class).inNamespace(namespace).withName(claim.name());
    IPAllocation current = resource.get();
    if (current != null && claim.uid().equals(current.getMetadata().getUid())) {
      resource.delete();
    }
  }

  private final class ClaimEvents implements ResourceEventHandler<IPAllocation> {
    @Override
    public void onAdd(IPAllocation allocation) {
      index(allocation);
      tell(new ClaimChange(allocation, false));
    }

    @Override
    public void onUpdate(IPAllocation old, IPAllocation allocation) {
      index(allocation);
    }

    @Override
    public void onDelete(IPAllocation allocation, boolean deletedFinalStateUnknown) {
      if (allocation.getSpec() == null || allocation.getSpec().getCvlan() == null) {
        return;
      }
      CvlanLedger ledger = ledgers.get(new LedgerKey(allocation.getMetadata().getNamespace(),
          allocation.getSpec().getCvlan()));
      if (ledger != null) {
        ledger.remove(allocation.getMetadata().getName(), allocation.getMetadata().getUid());
      }
      tell(new ClaimChange(allocation, true));
    }

    private void tell(ClaimChange change) {
      for (var listener : listeners) {
        try {
          listener.accept(change);
        } catch (RuntimeException e) {
          // A listener's failure must not stop the informer that keeps the index.
          LOG.warn("ipallocation={} claim listener failed error={}", change.claim().getMetadata().getName(), e.toString());
        }
      }
    }
  }
}
