package io.cvlan.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The free-address index on its own: no API server, offsets from the network address. */
class Ipv4IndexTest {
  private static AddressSpace space(String cidr, String... reserved) {
    return ((AddressSpaceParser.Result.Valid) AddressSpaceParser.parse(cidr, null, List.of(reserved))).space();
  }

  @Test
  void capacityExcludesNetworkFirstHostBroadcastAndReserved() {
    Ipv4Index index = new Ipv4Index(space("10.0.0.0/28", "10.0.0.4-10.0.0.5"));

    assertThat(index.capacity()).isEqualTo(16 - 3 - 2);
    assertThat(index.lowestFree()).isEqualTo(2);
  }

  @Test
  void aPickInALaneIsTheLowestFreeOffsetOfThatLane() {
    Ipv4Index index = new Ipv4Index(space("10.0.0.0/24", "10.0.0.6-10.0.0.9"));
    index.take(3);

    // Free from the bottom: 2, 4, 5, 10, 11, ... (3 taken, 6-9 reserved).
    assertThat(index.lowestFreeInLane(0, 4)).isEqualTo(4);
    assertThat(index.lowestFreeInLane(1, 4)).isEqualTo(5);
    assertThat(index.lowestFreeInLane(2, 4)).isEqualTo(2);
    assertThat(index.lowestFreeInLane(3, 4)).isEqualTo(11);
  }

  @Test
  void aLaneWithNothingFreeFallsBackToTheLowestFree() {
    Ipv4Index index = new Ipv4Index(space("10.0.0.0/29"));
    index.take(3);
    index.take(5);

    // Free: 2, 4, 6; lane 1 of 2 (odd offsets) has none left.
    assertThat(index.lowestFreeInLane(1, 2)).isEqualTo(2);
    index.take(2);
    index.take(4);
    index.take(6);
    assertThat(index.lowestFreeInLane(1, 2)).isEqualTo(-1);
  }

  @Test
  void aFreedAddressBelowTheCursorIsFoundFirstAgain() {
    Ipv4Index index = new Ipv4Index(space("10.0.0.0/24"));
    for (int i = 0; i < 10; i++) {
      index.take(index.lowestFree());
    }

    index.free(5);

    assertThat(index.lowestFree()).isEqualTo(5);
  }

  @Test
  void fullIsKnownFromCountersAndTakingAReservedOffsetDoesNotCount() {
    Ipv4Index index = new Ipv4Index(space("10.0.0.0/29"));
    index.take(0);
    for (int i = 0; i < 5; i++) {
      index.take(index.lowestFree());
    }

    assertThat(index.isFull()).isTrue();
    assertThat(index.allocated()).isEqualTo(5);
    assertThat(index.lowestFree()).isEqualTo(-1);
    assertThat(index.randomFree(new SplittableRandom(7))).isEqualTo(-1);
  }

  @Test
  void randomWrapsToTheNetworkStartWhenNothingIsFreeAboveItsStart() {
    Ipv4Index index = new Ipv4Index(space("10.0.0.0/29"));
    for (int offset = 3; offset <= 6; offset++) {
      index.take(offset);
    }

    for (int seed = 0; seed < 20; seed++) {
      assertThat(index.randomFree(new SplittableRandom(seed))).isEqualTo(2);
    }
  }
}
