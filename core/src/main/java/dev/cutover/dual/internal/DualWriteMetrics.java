package dev.cutover.dual.internal;

import dev.cutover.Backend;
import dev.cutover.status.Backlog;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Dual-write's meters: outbox backlogs and their age, refused rows, rows mirrored, entries settled, failures. */
final class DualWriteMetrics {
    private DualWriteMetrics() {
    }

    static void register(MeterRegistry meters, DefaultReconciler reconciler, DualWriteCounters counters, Clock clock) {
        for (Backend primary : Backend.values()) {
            Gauge.builder("cutover.outbox.backlog", reconciler, r -> r.backlog(primary).entries())
                    .tag("primary", primary.id())
                    .description("Entries in the outbox of writes with this primary: rows the secondary may not have yet")
                    .register(meters);
            Gauge.builder("cutover.outbox.oldest.age", reconciler, r -> ageSeconds(clock, oldestEntry(r.backlog(primary))))
                    .tag("primary", primary.id())
                    .baseUnit("seconds")
                    .description("Age of the oldest outbox entry of writes with this primary")
                    .register(meters);
        }
        Gauge.builder("cutover.dualwrite.refused", reconciler, r -> r.stats().refused())
                .description("Outbox entries of rows the secondary refuses, each row retried with its own backoff")
                .register(meters);
        Gauge.builder("cutover.dualwrite.refused.oldest.age", reconciler, r -> ageSeconds(clock, r.stats().oldestRefused()))
                .baseUnit("seconds")
                .description("Age of the oldest outbox entry of a row the secondary refuses")
                .register(meters);
        FunctionCounter.builder("cutover.dualwrite.mirrored", counters, DualWriteCounters::mirrored)
                .description("Rows copied to, or deleted from, the secondary").register(meters);
        FunctionCounter.builder("cutover.dualwrite.settled", counters, DualWriteCounters::settled)
                .description("Outbox entries removed once both sides matched").register(meters);
        FunctionCounter.builder("cutover.dualwrite.failed", counters, DualWriteCounters::failures)
                .description("Failed mirror attempts and reconciler passes (each retried)").register(meters);
    }

    private static Instant oldestEntry(Backlog backlog) {
        return backlog.entries() == 0 ? null : backlog.oldestEntry();
    }

    /** Seconds since {@code oldest}, 0 when there is none. */
    private static double ageSeconds(Clock clock, Instant oldest) {
        if (oldest == null) {
            return 0;
        }
        return Math.max(0, Duration.between(oldest, clock.instant()).toNanos() / 1e9);
    }
}
