package dev.cutover.cdc.ops;

import dev.cutover.cdc.CaptureStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Change capture's figures as Micrometer meters, tagged {@code capture=<name>}, read from one status a second at most
 * (a status reads the paused tables from PostgreSQL):
 * <ul>
 *   <li>{@code cutover.cdc.lag} (gauge, seconds): how far behind legacy's commits the last batch was applied</li>
 *   <li>{@code cutover.cdc.events.behind} (gauge): changes received and not yet in the outbox (held for paused tables)</li>
 *   <li>{@code cutover.cdc.changes} (counter): changes the feed delivered</li>
 *   <li>{@code cutover.cdc.keys.queued} (counter): outbox entries recorded</li>
 *   <li>{@code cutover.cdc.not.captured} (counter): changes of tables whose writes were on a PostgreSQL-primary route</li>
 *   <li>{@code cutover.cdc.paused.tables} (gauge): tables paused now</li>
 *   <li>{@code cutover.cdc.running} (gauge): 1 while capture runs, 0 when stopped or failed</li>
 * </ul>
 * The registry holds the meters' source strongly: the caller need not keep the returned object. Thread-safe.
 */
public final class CaptureMetrics {
    private static final Duration REFRESH = Duration.ofSeconds(1);

    private final Supplier<CaptureStatus> source;
    private final Clock clock;
    private CaptureStatus last;
    private long readAt = Long.MIN_VALUE;

    private CaptureMetrics(Supplier<CaptureStatus> source, Clock clock) {
        this.source = source;
        this.clock = clock;
    }

    /**
     * Registers the meters of a capture in {@code registry}.
     *
     * @param status usually {@code capture::status}
     */
    public static CaptureMetrics bind(String name, Supplier<CaptureStatus> status, MeterRegistry registry, Clock clock) {
        Objects.requireNonNull(status, "status");
        CaptureMetrics metrics = new CaptureMetrics(status, clock);
        Tags tags = Tags.of("capture", name);
        Gauge.builder("cutover.cdc.lag", metrics, m -> m.now().lagSeconds()).tags(tags).baseUnit("seconds")
                .strongReference(true) // the registry keeps the meters' source alive (counters hold it weakly)
                .description("How far behind the legacy database's commits change capture applied its last batch")
                .register(registry);
        Gauge.builder("cutover.cdc.events.behind", metrics, m -> m.now().eventsBehind()).tags(tags)
                .description("Changes received and not yet in the outbox (held for paused tables)").register(registry);
        FunctionCounter.builder("cutover.cdc.changes", metrics, m -> m.now().changesReceived()).tags(tags)
                .description("Changes the feed delivered").register(registry);
        FunctionCounter.builder("cutover.cdc.keys.queued", metrics, m -> m.now().keysQueued()).tags(tags)
                .description("Outbox entries change capture recorded").register(registry);
        FunctionCounter.builder("cutover.cdc.not.captured", metrics, m -> m.now().notCaptured()).tags(tags)
                .description("Changes of tables whose writes were routed to PostgreSQL as primary").register(registry);
        Gauge.builder("cutover.cdc.paused.tables", metrics, m -> m.now().pausedTables().size()).tags(tags)
                .description("Tables whose changes are held after a schema change, TRUNCATE or unreadable key")
                .register(registry);
        Gauge.builder("cutover.cdc.running", metrics, m -> m.now().state() == CaptureStatus.State.RUNNING ? 1 : 0)
                .tags(tags).description("1 while change capture runs").register(registry);
        return metrics;
    }

    /** The status, read again when the last one is older than a second. */
    synchronized CaptureStatus now() {
        long at = clock.millis();
        if (last == null || at - readAt >= REFRESH.toMillis()) {
            last = source.get();
            readAt = at;
        }
        return last;
    }
}
