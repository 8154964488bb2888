package dev.cutover.dual.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SettlePacerTest {

    @Test
    void shouldWaitWhatTheRateAllowsTheEntriesMinusWhatTheyTook() {
        SettlePacer pacer = new SettlePacer(1_000);
        assertThat(pacer.pauseAfter(500, Duration.ofMillis(100).toNanos())).isEqualTo(Duration.ofMillis(400));
        assertThat(pacer.pauseAfter(500, Duration.ofMillis(700).toNanos())).as("slower than the rate").isZero();
        assertThat(pacer.pauseAfter(0, 0)).as("nothing settled").isZero();
    }

    @Test
    void shouldNeverWaitWithoutALimit() {
        assertThat(SettlePacer.NONE.pauseAfter(1_000_000, 0)).isZero();
    }
}
