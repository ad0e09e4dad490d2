package io.cvlan.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import inet.ipaddr.IPAddressString;
import io.cvlan.api.v1alpha1.AllocationStrategy;
import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.IPAllocation;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class IpAllocatorTest {
  @RegisterExtension
  static final IpamFixture fixture = new IpamFixture();

  @Test
  void sequentialHandsOutTheLowestFreeAddressesInOrder() throws Exception {
    IpAllocator allocator = fixture.allocator();
    CVLAN blue = fixture.cvlan("blue", "10.100.0.0/24");

    List<String> handedOut = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      handedOut.add(allocator.allocate(blue, IpamFixture.space(blue), fixture.node("n" + i)).ipv4());
    }

    assertThat(handedOut).containsExactly("10.100.0.2", "10.100.0.3", "10.100.0.4", "10.100.0.5");
  }

  @Test
  void claimObjectIsNamedLabelledAndOwnedAsDesigned() throws Exception {
    IpAllocator allocator = fixture.allocator();
    CVLAN blue = fixture.cvlan("blue", "10.100.0.0/24");
    OverlayNode node = fixture.node("alpha");

    allocator.allocate(blue, IpamFixture.space(blue), node);

    IPAllocation claim = fixture.client().resources(IPAllocation.class).inNamespace(fixture.namespace())
        .withName("blue-10-100-0-2").get();
    assertThat(claim).isNotNull();
    assertThat(claim.getMetadata().getLabels()).containsEntry("cvlan.io/cvlan", "blue")
        .containsEntry("cvlan.io/owner-kind", "Node").containsEntry("cvlan.io/owner", "alpha")
        .containsEntry("cvlan.io/family", "ipv4");
    assertThat(claim.getSpec().getCvlan()).isEqualTo("blue");
    assertThat(claim.getSpec().getAddress()).isEqualTo("10.100.0.2");
    assertThat(claim.getSpec().getNodeRef()).isEqualTo("alpha");
    OwnerReference owner = claim.getMetadata().getOwnerReferences().get(0);
    assertThat(owner.getApiVersion()).isEqualTo("cvlan.io/v1alpha1");
    assertThat(owner.getKind()).isEqualTo("Node");
    assertThat(owner.getName()).isEqualTo("alpha");
    assertThat(owner.getUid()).isEqualTo(node.getMetadata().getUid());
    assertThat(owner.getController()).isFalse();
    assertThat(owner.getBlockOwnerDeletion()).isFalse();
  }

  @Test
  void aClaimForAnOwnerNotCreatedYetFollowsTheCvlan() throws Exception {
    IpAllocator allocator = fixture.allocator();
    CVLAN blue = fixture.cvlan("blue", "10.100.0.0/24");
    OverlayNode unborn = fixture.node("alpha");
    unborn.getMetadata().setUid(null);

    allocator.allocate(blue, IpamFixture.space(blue), unborn);

    IPAllocation claim = fixture.client().resources(IPAllocation.class).inNamespace(fixture.namespace())
        .withName("blue-10-100-0-2").get();
    assertThat(claim.getMetadata().getLabels()).containsEntry("cvlan.io/owner-kind", "Node").containsEntry("cvlan.io/owner", "alpha");
    assertThat(claim.getSpec().getNodeRef()).isEqualTo("alpha");
    OwnerReference owner = claim.getMetadata().getOwnerReferences().get(0);
    assertThat(owner.getKind()).isEqualTo("CVLAN");
    assertThat(owner.getName()).isEqualTo("blue");
    assertThat(owner.getUid()).isEqualTo(blue.getMetadata().getUid());
  }

  @Test
  void orphanedClaimsPastTheGraceAreReleasedAndTheirAddressesReused() throws Exception {
    IpAllocator allocator = fixture.allocator();
    CVLAN blue = fixture.cvlan("blue", "10.100.0.0/24");
    allocator.allocate(blue, IpamFixture.space(blue), fixture.node("gone"));
    allocator.allocate(blue, IpamFixture.space(blue), fixture.node("alive"));
    Instant later = Instant.now().plus(Duration.ofMinutes(5));

    int released = allocator.releaseOrphans(fixture.namespace(), "blue", (kind, name) -> name.equals("alive"), later,
        Duration.ofMinutes(1));

    assertThat(released).isEqualTo(1);
    assertThat(fixture.storedClaims()).extracting(c -> c.getSpec().getNodeRef()).containsExactly("alive");
    assertThat(allocator.allocate(blue, IpamFixture.space(blue), fixture.node("next")).ipv4()).isEqualTo("10.100.0.2");
  }

  @Test
  void claimsYoungerThanTheGraceStayEvenWithoutTheirOwner() throws Exception {
    IpAllocator allocator = fixture.allocator();
    CVLAN blue = fixture.cvlan("blue", "10.100.0.0/24");
    allocator.allocate(blue, IpamFixture.space(blue), fixture.node("being-created"));

    int released = allocator.releaseOrphans(fixture.namespace(), "blue", (kind, name) -> false, Instant.now(),
        Duration.ofMinutes(1));

    assertThat(released).isZero();
    assertThat(fixture.storedClaims()).hasSize(1);
  }

  @Test
  void randomStrategyStaysInTheNetworkAndSkipsReservedAddresses() throws Exception {
    IpAllocator allocator = fixture.allocator();
    CVLAN red = fixture.cvlan("red", spec -> {
      spec.setCidr("10.7.0.0/26");
      spec.setAllocation(AllocationStrategy.Random);
      spec.setReserved(List.of("10.7.0.10-10.7.0.19"));
    });
    AddressSpace space = IpamFixture.space(red);

    Set<String> handedOut = new HashSet<>();
    for (int i = 0; i < 30; i++) {
      handedOut.add(allocator.allocate(red, space, fixture.node("n" + i)).ipv4());
    }

    assertThat(handedOut).hasSize(30);
    assertThat(handedOut).allSatisfy(ip -> {
      var address = new IPAddressString(ip).getAddress();
      assertThat(space.ipv4().contains(address)).as("%s in %s", ip, space.ipv4()).isTrue();
      assertThat(space.isReserved(address)).as("%s reserved", ip).isFalse();
    });
    assertThat(handedOut).as("not simply sequential").isNotEqualTo(
        IntStream.range(2, 32).filter(o -> o < 10 || o > 19).limit(30).mapToObj(o -> "10.7.0." + o)
            .collect(java.util.stream.Collectors.toSet()));
  }

  @Test
  void reservedAddressesAreNeverHandedOut() throws Exception {
    IpAllocator allocator = fixture.allocator();
    CVLAN green = fixture.cvlan("green", spec -> {
      spec.setCidr("10.9.0.0/28");
      spec.setReserved(List.of("10.9.0.2", "10.9.0.4-10.9.0.6", "10.9.0.8/30"));
    });
    AddressSpace space = IpamFixture.space(green);

    List<String> handedOut = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      handedOut.add(allocator.allocate(green, space, fixture.node("n" + i)).ipv4());
    }

    // /28: .0 network, .1 first host, .15 broadcast, plus .2, .4-.6, .8-.11 reserved: 5 left.
    assertThat(handedOut).containsExactly("10.9.0.3", "10.9.0.7", "10.9.0.12", "10.9.0.13", "10.9.0.14");
    assertThatThrownBy(() -> allocator.allocate(green, space, fixture.node("n5")))
        .isInstanceOf(CvlanExhaustedException.class);
  }

  @Test
  void allocatingTwiceForTheSameOwnerReturnsTheSameAddresses() throws Exception {
    IpAllocator allocator = fixture.allocator();
    CVLAN blue = fixture.cvlan("blue", spec -> {
      spec.setCidr("10.100.0.0/24");
      spec.setIpv6Cidr("fd00:100::/64");
    });
    OverlayNode node = fixture.node("alpha");

    Allocation first = allocator.allocate(blue, IpamFixture.space(blue), node);
    Allocation second = allocator.allocate(blue, IpamFixture.space(blue), node);

    assertThat(second).isEqualTo(first);
    assertThat(fixture.storedClaims()).hasSize(2);
    assertThat(allocator.held(fixture.namespace(), "blue", node)).contains(first);
  }

  @Test
  void sameNameOfAnotherKindGetsItsOwnAddress() throws Exception {
    IpAllocator allocator = fixture.allocator();
    CVLAN blue = fixture.cvlan("blue", "10.100.0.0/24");
    OverlayNode node = fixture.node("edge");
    io.cvlan.api.v1alpha1.VRouter router = new io.cvlan.api.v1alpha1.VRouter();
    router.getMetadata().setName("edge");
    router.getMetadata().setNamespace(fixture.namespace());
    router.getMetadata().setUid("uid-router");

    Allocation forNode = allocator.allocate(blue, IpamFixture.space(blue), node);
    Allocation forRouter = allocator.allocate(blue, IpamFixture.space(blue), router);

    assertThat(forRouter.ipv4()).isNotEqualTo(forNode.ipv4());
  }

  @Test
  void aRestartedAllocatorReturnsTheAllocationAnOwnerAlreadyHolds() throws Exception {
    CVLAN blue = fixture.cvlan("blue", spec -> {
      spec.setCidr("10.100.0.0/24");
      spec.setIpv6Cidr("fd00:100::/64");
    });
    OverlayNode node = fixture.node("alpha");
    Allocation before;
    try (IpAllocator first = new IpAllocator(fixture.client(), new java.util.SplittableRandom(1))) {
      first.start();
      first.allocate(blue, IpamFixture.space(blue), fixture.node("other"));
      before = first.allocate(blue, IpamFixture.space(blue), node);
    }

    IpAllocator restarted = fixture.allocator();

    assertThat(restarted.held(fixture.namespace(), "blue", node)).contains(before);
    assertThat(restarted.allocate(blue, IpamFixture.space(blue), node)).isEqualTo(before);
    assertThat(restarted.allocatedIpv4(fixture.namespace(), "blue")).isEqualTo(2);
    assertThat(restarted.allocate(blue, IpamFixture.space(blue), fixture.node("new")).ipv4()).isEqualTo("10.100.0.4");
  }

  @Test
  void aFullCvlanIsReportedWithAMessageAUserCanActOn() throws Exception {
    IpAllocator allocator = fixture.allocator();
    CVLAN blue = fixture.cvlan("blue", "10.0.0.0/29");
    AddressSpace space = IpamFixture.space(blue);

    for (int i = 0; i < 5; i++) {
      allocator.allocate(blue, space, fixture.node("n" + i));
    }

    assertThat(allocator.allocatedIpv4(fixture.namespace(), "blue")).isEqualTo(5);
    assertThatThrownBy(() -> allocator.allocate(blue, space, fixture.node("n5")))
        .isInstanceOf(CvlanExhaustedException.class)
        .hasMessage("CVLAN blue (10.0.0.0/29) has no free IPv4 address: 5 of 5 allocated; "
            + "widen the CIDR in a new CVLAN or delete unused nodes");
    assertThat(fixture.storedClaims()).hasSize(5);
  }

  @Test
  void aReleasedAddressIsHandedOutAgain() throws Exception {
    IpAllocator allocator = fixture.allocator();
    CVLAN blue = fixture.cvlan("blue", "10.0.0.0/29");
    AddressSpace space = IpamFixture.space(blue);
    List<OverlayNode> nodes = IntStream.range(0, 5).mapToObj(i -> fixture.node("n" + i)).toList();
    for (OverlayNode node : nodes) {
      allocator.allocate(blue, space, node);
    }

    allocator.release(nodes.get(1), "blue", List.of());

    assertThat(allocator.held(fixture.namespace(), "blue", nodes.get(1))).isEmpty();
    assertThat(allocator.allocatedIpv4(fixture.namespace(), "blue")).isEqualTo(4);
    assertThat(fixture.storedClaims()).extracting(c -> c.getSpec().getAddress()).doesNotContain("10.0.0.3");
    assertThat(allocator.allocate(blue, space, fixture.node("newcomer")).ipv4()).isEqualTo("10.0.0.3");
  }

  @Test
  void aClaimTheIndexHasNotSeenIsReleasedByTheAddressItsOwnerHolds() throws Exception {
    CVLAN blue = fixture.cvlan("blue", "10.0.0.0/29");
    OverlayNode node = fixture.node("n1");
    Allocation told = fixture.allocator(fixture.newClient(), 1).allocate(blue, IpamFixture.space(blue), node);
    IpAllocator another = fixture.allocator(fixture.newClient(), 2);

    another.release(node, "blue", List.of(told.ipv4()));

    assertThat(fixture.storedClaims()).isEmpty();
  }

  @Test
  void releasingByAddressNeverTakesAnotherOwnersClaim() throws Exception {
    IpAllocator allocator = fixture.allocator();
    CVLAN blue = fixture.cvlan("blue", "10.0.0.0/29");
    Allocation theirs = allocator.allocate(blue, IpamFixture.space(blue), fixture.node("owner"));

    allocator.release(fixture.node("impostor"), "blue", List.of(theirs.ipv4()));

    assertThat(fixture.storedClaims()).extracting(c -> c.getSpec().getNodeRef()).containsExactly("owner");
  }

  @Test
  void unclaimDeletesExactlyWhatTheRequestClaimedAndNothingElseTheNameHolds() throws Exception {
    IpAllocator allocator = fixture.allocator();
    CVLAN blue = fixture.cvlan("blue", "10.0.0.0/29");
    allocator.allocate(blue, IpamFixture.space(blue), fixture.node("twin"));
    OverlayNode sameName = fixture.node("twin");
    Allocation claimedByTheFailedRequest = allocator.allocate(fixture.cvlan("green", "10.1.0.0/29"),
        IpamFixture.space(fixture.cvlan("green", "10.1.0.0/29")), sameName);

    allocator.unclaim(sameName, "green", claimedByTheFailedRequest);

    assertThat(fixture.storedClaims()).extracting(c -> c.getSpec().getCvlan() + "/" + c.getSpec().getAddress())
        .containsExactly("blue/10.0.0.2");
  }

  @Test
  void releaseAllDeletesEveryClaimOfTheCvlan() throws Exception {
    IpAllocator allocator = fixture.allocator();
    CVLAN blue = fixture.cvlan("blue", "10.0.0.0/29");
    CVLAN green = fixture.cvlan("green", "10.1.0.0/29");
    for (int i = 0; i < 3; i++) {
      allocator.allocate(blue, IpamFixture.space(blue), fixture.node("n" + i));
    }
    allocator.allocate(green, IpamFixture.space(green), fixture.node("g"));

    allocator.releaseAll(fixture.namespace(), "blue");

    assertThat(allocator.allocatedIpv4(fixture.namespace(), "blue")).isZero();
    assertThat(fixture.storedClaims()).extracting(c -> c.getSpec().getCvlan()).containsExactly("green");
  }

  @Test
  void ipv6IsAllocatedWhenTheCvlanHasAnIpv6Cidr() throws Exception {
    IpAllocator allocator = fixture.allocator();
    CVLAN blue = fixture.cvlan("blue", spec -> {
      spec.setCidr("10.100.0.0/24");
      spec.setIpv6Cidr("fd00:100::/64");
    });

    Allocation first = allocator.allocate(blue, IpamFixture.space(blue), fixture.node("a"));
    Allocation second = allocator.allocate(blue, IpamFixture.space(blue), fixture.node("b"));

    assertThat(first.ipv6()).contains("fd00:100::2");
    assertThat(second.ipv6()).contains("fd00:100::3");
    IPAllocation claim = fixture.client().resources(IPAllocation.class).inNamespace(fixture.namespace())
        .withName("blue-fd00-0100-0000-0000-0000-0000-0000-0002").get();
    assertThat(claim).isNotNull();
    assertThat(claim.getMetadata().getLabels()).containsEntry("cvlan.io/family", "ipv6");
  }

  @Test
  void randomIpv6StaysInThePrefixAndIsDistinct() throws Exception {
    IpAllocator allocator = fixture.allocator();
    CVLAN blue = fixture.cvlan("blue", spec -> {
      spec.setCidr("10.100.0.0/24");
      spec.setIpv6Cidr("fd00:100::/120");
      spec.setAllocation(AllocationStrategy.Random);
    });
    AddressSpace space = IpamFixture.space(blue);

    Set<String> ipv6 = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      ipv6.add(allocator.allocate(blue, space, fixture.node("n" + i)).ipv6().orElseThrow());
    }

    assertThat(ipv6).hasSize(40).allSatisfy(ip -> {
      var address = new IPAddressString(ip).getAddress();
      assertThat(space.ipv6().orElseThrow().contains(address)).isTrue();
      assertThat(space.isReserved(address)).isFalse();
    });
  }

  @Test
  void noIpv6WithoutAnIpv6Cidr() throws Exception {
    IpAllocator allocator = fixture.allocator();
    CVLAN blue = fixture.cvlan("blue", "10.100.0.0/24");

    assertThat(allocator.allocate(blue, IpamFixture.space(blue), fixture.node("a")).ipv6()).isEmpty();
  }

  @Test
  void anAddressClaimedBehindTheAllocatorsBackIsSkipped() throws Exception {
    IpAllocator allocator = fixture.allocator();
    CVLAN blue = fixture.cvlan("blue", "10.100.0.0/24");
    AddressSpace space = IpamFixture.space(blue);
    allocator.allocate(blue, space, fixture.node("first"));
    // Another writer claims .3 and .4; the index may not have seen it yet, so the create conflicts.
    KubernetesClient other = fixture.newClient();
    for (String ip : List.of("10.100.0.3", "10.100.0.4")) {
      other.resource(IpAllocations.claim(fixture.namespace(), blue, new IPAddressString(ip).getAddress(),
          Family.IPV4, fixture.node("intruder-" + ip))).create();
    }

    Allocation next = allocator.allocate(blue, space, fixture.node("second"));

    // .5 if the index heard of the intruders first; else the refused create put the allocator in a lane of its
    // own, whose lowest free address is one of the next eight.
    assertThat(Integer.parseInt(next.ipv4().substring("10.100.0.".length()))).isBetween(5, 5 + 7);
    assertThat(fixture.storedClaims()).hasSize(4);
  }

  @Test
  void aConflictOnCreateMarksTheAddressTakenAndMovesOnInALane() throws Exception {
    IpAllocator allocator = fixture.allocator();
    CVLAN blue = fixture.cvlan("blue", "10.100.0.0/24");
    // An object squatting the claim name of .2 that the index cannot read as a claim (its spec names
    // another CVLAN): the allocator only learns that .2 is taken from the 409 on create.
    IPAllocation squatter = IpAllocations.claim(fixture.namespace(), blue,
        new IPAddressString("10.100.0.2").getAddress(), Family.IPV4, fixture.node("squatter"));
    squatter.getSpec().setCvlan("elsewhere");
    fixture.newClient().resource(squatter).create();

    Allocation first = allocator.allocate(blue, IpamFixture.space(blue), fixture.node("first"));
    Allocation second = allocator.allocate(blue, IpamFixture.space(blue), fixture.node("second"));

    // Having lost .2 to another writer, picks keep to a lane of their own (two replicas taking the lowest
    // would collide on nearly every address): the lowest free ones of one lane of eight.
    int firstHost = Integer.parseInt(first.ipv4().substring("10.100.0.".length()));
    int secondHost = Integer.parseInt(second.ipv4().substring("10.100.0.".length()));
    assertThat(firstHost).isBetween(3, 3 + 7);
    assertThat(secondHost).isEqualTo(firstHost + 8);
    assertThat(allocator.allocatedIpv4(fixture.namespace(), "blue")).isEqualTo(3);
  }

  @Test
  void twoAllocatorsWithTwoClientsNeverHandOutAnAddressTwice() throws Exception {
    CVLAN blue = fixture.cvlan("blue", "10.100.0.0/24");
    AddressSpace space = IpamFixture.space(blue);
    IpAllocator one = fixture.allocator(fixture.newClient(), 1);
    IpAllocator two = fixture.allocator(fixture.newClient(), 2);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<List<String>> fromOne = threads.submit(allocateAll(one, blue, space, "a", 150));
      Future<List<String>> fromTwo = threads.submit(allocateAll(two, blue, space, "b", 150));

      List<String> handedOut = new ArrayList<>(fromOne.get());
      handedOut.addAll(fromTwo.get());

      assertThat(handedOut).hasSize(253).doesNotHaveDuplicates();
      List<String> stored = fixture.storedClaims().stream().map(c -> c.getSpec().getAddress()).toList();
      assertThat(stored).hasSize(253).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(handedOut);
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        assertThat(one.allocatedIpv4(fixture.namespace(), "blue")).isEqualTo(253);
        assertThat(two.allocatedIpv4(fixture.namespace(), "blue")).isEqualTo(253);
      });
    } finally {
      threads.shutdownNow();
    }
  }

  private static Callable<List<String>> allocateAll(IpAllocator allocator, CVLAN cvlan, AddressSpace space,
      String prefix, int owners) {
    return () -> {
      List<String> handedOut = new ArrayList<>();
      for (int i = 0; i < owners; i++) {
        OverlayNode node = new OverlayNode();
        node.getMetadata().setName(prefix + i);
        node.getMetadata().setNamespace(cvlan.getMetadata().getNamespace());
        node.getMetadata().setUid(prefix + "-uid-" + i);
        try {
          handedOut.add(allocator.allocate(cvlan, space, node).ipv4());
        } catch (CvlanExhaustedException e) {
          // Expected once the /24 is full: 300 owners, 253 addresses.
        }
      }
      return handedOut;
    };
  }

  @Test
  void allocateBeforeStartIsRefused() {
    IpAllocator allocator = new IpAllocator(fixture.client(), new java.util.SplittableRandom(3));
    CVLAN blue = fixture.cvlan("blue", "10.100.0.0/24");

    assertThatThrownBy(() -> allocator.allocate(blue, IpamFixture.space(blue), fixture.node("a")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("start()");
  }
}
