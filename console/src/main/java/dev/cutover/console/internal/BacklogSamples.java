package dev.cutover.console.internal;

import dev.cutover.status.Backlog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox backlog over time as this console saw it: one sample every {@link #INTERVAL} on a daemon thread, the last
 * 24 hours kept in memory (the tables keep only the backlog of now). Thread-safe.
 */
final class BacklogSamples implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofSeconds(15);
    static final Duration KEPT = Duration.ofHours(24);
    private static final Logger LOG = LoggerFactory.getLogger(BacklogSamples.class);

    /** One sample: the entries of each outbox ({@code -1}: not read). */
    record Sample(Instant at, long postgres, long legacy) {
    }

    private final Deque<Sample> samples = new ArrayDeque<>();
    private final HealthTables tables;
    private final java.time.Clock clock;
    private final ScheduledExecutorService thread;
    private volatile boolean failing;

    BacklogSamples(HealthTables tables, java.time.Clock clock) {
        this.tables = tables;
        this.clock = clock;
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "cutover-console-backlog");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::sample, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    void sample() {
        Instant now = clock.instant();
        long postgres = -1;
        long legacy = -1;
        try {
            postgres = tables.postgresBacklog(now).entries();
            Backlog legacyBacklog = tables.legacyBacklog(now);
            legacy = legacyBacklog == null ? -1 : legacyBacklog.entries();
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warn("The console could not read the outbox backlog: {}", e.getMessage());
                failing = true;
            }
        }
        synchronized (samples) {
            samples.addLast(new Sample(now, postgres, legacy));
            while (!samples.isEmpty() && samples.peekFirst().at().isBefore(now.minus(KEPT))) {
                samples.pollFirst();
            }
        }
    }

    List<Sample> samples() {
        synchronized (samples) {
            return new ArrayList<>(samples);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
