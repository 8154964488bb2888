package dev.cutover.dual.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30));

    @Test
    void shouldDoubleFromTheInitialDelayUpToTheMaximum() {
        assertThat(backoff.delay(0, () -> 0)).isZero();
        assertThat(backoff.delay(1, () -> 0)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.delay(2, () -> 0)).isEqualTo(Duration.ofMillis(400));
        assertThat(backoff.delay(8, () -> 0)).isEqualTo(Duration.ofMillis(25_600));
        assertThat(backoff.delay(9, () -> 0)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.delay(1_000, () -> 0)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shouldTakeUpToAFifthOffForJitter() {
        assertThat(backoff.delay(3, () -> 1.0)).isEqualTo(Duration.ofMillis(640));
        assertThat(backoff.delay(3, () -> 0.5)).isEqualTo(Duration.ofMillis(720));
    }
}
