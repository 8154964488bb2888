package dev.cutover.cdc.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.cdc.CaptureStatus;
import dev.cutover.testsupport.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The meters read the capture's status, once a second at most. */
class CaptureMetricsTest {

    @Test
    void shouldReportTheStatusAndReadItOnceASecondAtMost() {
        ManualClock clock = new ManualClock(Instant.parse("2026-12-07T18:00:00Z"));
        AtomicReference<CaptureStatus> status = new AtomicReference<>(status(CaptureStatus.State.RUNNING, 1500, 7, 1));
        AtomicInteger reads = new AtomicInteger();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CaptureMetrics.bind("shop", () -> {
            reads.incrementAndGet();
            return status.get();
        }, registry, clock);

        assertThat(registry.get("cutover.cdc.lag").tag("capture", "shop").gauge().value()).isEqualTo(1.5);
        assertThat(registry.get("cutover.cdc.keys.queued").functionCounter().count()).isEqualTo(7);
        assertThat(registry.get("cutover.cdc.paused.tables").gauge().value()).isEqualTo(1);
        assertThat(registry.get("cutover.cdc.running").gauge().value()).isEqualTo(1);
        assertThat(reads).hasValue(1);

        status.set(status(CaptureStatus.State.FAILED, 0, 9, 0));
        assertThat(registry.get("cutover.cdc.running").gauge().value()).as("within the second: as read").isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(registry.get("cutover.cdc.running").gauge().value()).isZero();
        assertThat(registry.get("cutover.cdc.keys.queued").functionCounter().count()).isEqualTo(9);
        assertThat(reads).hasValue(2);
    }

    private static CaptureStatus status(CaptureStatus.State state, long lagMillis, long keys, int paused) {
        List<CaptureStatus.PausedTable> pausedTables = paused == 0 ? List.of()
                : List.of(new CaptureStatus.PausedTable("clients", "shop.clients", "TRUNCATE", Instant.EPOCH, 0, List.of()));
        return new CaptureStatus(state, "bin.000001:4", Instant.EPOCH, Duration.ofMillis(lagMillis), 0, keys, keys, 0,
                Map.of(), pausedTables, null);
    }
}
