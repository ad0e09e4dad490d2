package io.cvlan.operator.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a spec's expiry means for a token already issued: never later, earlier if asked. */
class ExpiryChangeTest {
  static final Instant ISSUED = Instant.parse("2026-11-24T10:00:00Z");

  @Test
  void withNothingIssuedTheSpecsExpiryApplies() {
    assertThat(ExpiryChange.of(Instant.parse("2036-11-21T10:00:00Z"), Optional.empty()))
        .isEqualTo(new ExpiryChange.NothingIssued(Instant.parse("2036-11-21T10:00:00Z")));
  }

  @Test
  void theExpiryIssuedIsKept() {
    assertThat(ExpiryChange.of(ISSUED, Optional.of(ISSUED))).isEqualTo(new ExpiryChange.Unchanged(ISSUED));
  }

  @Test
  void aLaterExpiryIsRefusedAndTheIssuedOneStays() {
    Instant tenYears = Instant.parse("2036-11-21T10:00:00Z");

    ExpiryChange change = ExpiryChange.of(tenYears, Optional.of(ISSUED));

    assertThat(change).isEqualTo(new ExpiryChange.ExtensionRefused(ISSUED, tenYears));
    assertThat(change.expiresAt()).isEqualTo(ISSUED);
  }

  @Test
  void anEarlierExpiryIsGranted() {
    Instant sooner = Instant.parse("2026-11-23T11:00:00Z");

    assertThat(ExpiryChange.of(sooner, Optional.of(ISSUED))).isEqualTo(new ExpiryChange.Shortened(sooner, ISSUED));
  }

  /** The token carries whole seconds: half a second more than issued is the same expiry, not an extension. */
  @Test
  void expiriesCompareInTheWholeSecondsATokenCarries() {
    assertThat(ExpiryChange.of(ISSUED.plusMillis(500), Optional.of(ISSUED))).isEqualTo(new ExpiryChange.Unchanged(ISSUED));
  }
}
