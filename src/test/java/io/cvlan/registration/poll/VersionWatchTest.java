package io.cvlan.registration.poll;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Long-polls as futures: a move of the CVLAN's peer version wakes the polls behind it at once. The waits
 * here are an hour, so anything completed was completed by a move, never by the timer; only the timer
 * test waits, for 50 ms of its own.
 */
class VersionWatchTest {
  static final Duration AN_HOUR = Duration.ofHours(1);
  static Vertx vertx;

  final AtomicLong blueVersion = new AtomicLong(3);
  final VersionWatch watch = new VersionWatch(vertx, (namespace, cvlan) -> "blue".equals(cvlan) ? blueVersion.get() : 1);

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  CompletableFuture<Long> awaitBlueNewerThan(long version, Duration wait) {
    return watch.awaitNewerThan("tenant-a", "blue", version, wait).toCompletableFuture();
  }

  @Test
  void aPollBehindTheCurrentVersionIsAnsweredAtOnce() {
    CompletableFuture<Long> poll = awaitBlueNewerThan(2, AN_HOUR);

    assertThat(poll).isCompletedWithValue(3L);
    assertThat(watch.waiting()).isZero();
  }

  @Test
  void aPollAtTheCurrentVersionWaits() {
    CompletableFuture<Long> poll = awaitBlueNewerThan(3, AN_HOUR);

    assertThat(poll).isNotDone();
    assertThat(watch.waiting()).isEqualTo(1);
  }

  @Test
  void aMoveAboveThePollsVersionAnswersItWithTheNewVersion() {
    CompletableFuture<Long> poll = awaitBlueNewerThan(3, AN_HOUR);

    watch.moved("tenant-a", "blue", 4);

    assertThat(poll).isCompletedWithValue(4L);
    assertThat(watch.waiting()).isZero();
  }

  @Test
  void aMoveThatIsNotNewerThanThePollsVersionLeavesItWaiting() {
    CompletableFuture<Long> poll = awaitBlueNewerThan(3, AN_HOUR);

    watch.moved("tenant-a", "blue", 3);
    watch.moved("tenant-a", "blue", 2);

    assertThat(poll).isNotDone();
    assertThat(watch.waiting()).isEqualTo(1);
  }

  @Test
  void aMoveOfAnotherCvlanOrNamespaceLeavesThePollWaiting() {
    CompletableFuture<Long> poll = awaitBlueNewerThan(3, AN_HOUR);

    watch.moved("tenant-a", "red", 9);
    watch.moved("tenant-b", "blue", 9);

    assertThat(poll).isNotDone();
  }

  @Test
  void oneMoveAnswersEveryPollBehindItAndOnlyThose() {
    CompletableFuture<Long> atThree = awaitBlueNewerThan(3, AN_HOUR);
    CompletableFuture<Long> alsoAtThree = awaitBlueNewerThan(3, AN_HOUR);
    CompletableFuture<Long> ahead = awaitBlueNewerThan(5, AN_HOUR);

    watch.moved("tenant-a", "blue", 5);

    assertThat(atThree).isCompletedWithValue(5L);
    assertThat(alsoAtThree).isCompletedWithValue(5L);
    assertThat(ahead).isNotDone();
    assertThat(watch.waiting()).isEqualTo(1);
  }

  @Test
  void aPollWithNoMoveEndsWithTheVersionAsItStandsWhenTheWaitEnds() throws Exception {
    CompletableFuture<Long> poll = awaitBlueNewerThan(3, Duration.ofMillis(50));
    // Changed without an event: only the timer's read of the version can report it.
    blueVersion.set(7);

    assertThat(poll.get(10, TimeUnit.SECONDS)).isEqualTo(7L);
    assertThat(watch.waiting()).isZero();
  }
}
