package dev.cutover.dual.internal;

import dev.cutover.Backend;
import dev.cutover.compare.Comparison;
import dev.cutover.status.Backlog;
import dev.cutover.dual.Outbox;
import dev.cutover.dual.OutboxEntry;
import dev.cutover.dual.Reconciler;
import dev.cutover.status.ReconcilerStats;
import dev.cutover.dual.RefusedRow;
import dev.cutover.dual.spi.UncommittedCopies;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconciler's thread. Each pass, per outbox: takes a batch ({@link Intake}: handed-over entries, and the outbox's
 * own when a scan is due) and settles it ({@link Settler}: compare, copy where the sides differ, compare again, remove
 * the entries whose rows match). A failed pass keeps its batch for the next one and waits with exponential backoff;
 * rows the secondary refuses and tables the configuration does not know are left aside ({@link LeftAside}). Also keeps
 * the outboxes' backlog as last measured. Thread-safe.
 */
final class DefaultReconciler implements Reconciler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    private static final Duration BACKLOG_REFRESH = Duration.ofSeconds(1);
    /** After a small batch, how long hand-overs gather before the next pass: fewer, larger batches cost less. */
    private static final Duration LINGER = Duration.ofMillis(20);
    /**
     * Batches of {@code batchSize} settled at once, on rows of their own ({@link SettleParts}): one thread waiting on
     * one database at a time drained a backlog at a fifth of the backfill's rate.
     */
    static final int SETTLE_PARTS = 2;

    private final Map<Backend, Outbox> outboxes;
    private final Clock clock;
    private final int batchSize;
    private final Duration pollInterval;
    private final Backoff backoff;
    private final DualWriteCounters counters;
    private final LeftAside leftAside;
    private final Intake intake;
    private final SettleParts settler;
    private final Map<Backend, Backlog> backlog = new EnumMap<>(Backend.class);
    private final AtomicInteger draining = new AtomicInteger();
    private final OutboxWatch watch;
    /** Reads the secondary's rows while each part's thread reads the primary's. */
    private final ExecutorService secondaryReads = Executors.newFixedThreadPool(SETTLE_PARTS, runnable -> {
        Thread thread = new Thread(runnable, "cutover-reconciler-reads");
        thread.setDaemon(true);
        return thread;
    });

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signal = lock.newCondition();
    private boolean signalled;
    private volatile boolean running;
    /** Whether the thread is in a pass: between an outbox delete and the counts that follow it. */
    private volatile boolean inPass;
    private Thread thread;
    private Instant lastBacklogRefresh = Instant.EPOCH;
    private int failures;
    private int lastBatch;
    /** Entries the current round of passes took: what {@link #pacer} paces. */
    private int roundEntries;
    private final SettlePacer pacer;

    DefaultReconciler(Map<Backend, Outbox> outboxes, Map<String, MirroredTable<?, ?>> tables, Comparison comparison,
            Clock clock, int batchSize, Duration pollInterval, Duration gracePeriod, Backoff backoff, int queueCapacity,
            DualWriteCounters counters, OutboxWatch watch, CopiesInFlight inFlight, UncommittedCopies uncommittedCopies,
            SettlePacer pacer) {
        this.pacer = pacer;
        this.outboxes = new EnumMap<>(outboxes);
        this.watch = watch;
        this.clock = clock;
        this.batchSize = batchSize;
        this.pollInterval = pollInterval;
        this.backoff = backoff;
        this.counters = counters;
        Map<String, MirroredTable<?, ?>> known = Map.copyOf(tables);
        this.leftAside = new LeftAside(known.keySet(), clock, backoff, counters);
        this.intake = new Intake(this.outboxes, known.keySet(), clock, batchSize * SETTLE_PARTS, pollInterval, gracePeriod,
                queueCapacity, leftAside, inFlight);
        this.settler = new SettleParts(new Settler(this.outboxes, known, comparison, leftAside, counters, secondaryReads,
                uncommittedCopies), SETTLE_PARTS);
        for (Backend backend : Backend.values()) {
            Outbox outbox = outboxes.get(backend);
            backlog.put(backend, new Backlog(backend, outbox.description(), 0, null, clock.instant()));
        }
    }

    synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "cutover-reconciler");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Hands over entries of committed writes, to be compared (and repaired) soon. Beyond the queue's capacity
     * they are left in the outbox, where a scan finds them after the grace period.
     *
     * @param urgent whether the secondary may lack the rows (not copied yet, or the copy failed): the thread is woken
     *     at once; otherwise the entries wait for its next poll or for half a batch to gather, so that the check
     *     after synchronous copies costs its reads and delete once per batch, not once per call
     */
    void hand(Backend primary, Collection<OutboxEntry> entries, boolean urgent) {
        if (entries.isEmpty()) {
            return;
        }
        int waiting = intake.hand(primary, entries);
        if (waiting >= 0 && (urgent || waiting >= batchSize / 2)) {
            wakeUp();
        }
    }

    @Override
    public void settleSoon(Backend primary, Collection<OutboxEntry> entries) {
        hand(primary, entries, true);
    }

    @Override
    public void wakeUp() {
        lock.lock();
        try {
            signalled = true;
            signal.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        // Until both outboxes are measured, every single-route write is recorded and copied (OutboxWatch): measure first.
        refreshBacklogIfDue();
        while (running) {
            boolean worked = false;
            boolean failedPass = false;
            lastBatch = 0;
            roundEntries = 0;
            long roundStart = System.nanoTime();
            inPass = true;
            try {
                for (Backend primary : Backend.values()) {
                    try {
                        worked |= pass(primary);
                    } catch (RuntimeException e) {
                        failedPass = true;
                        counters.failed();
                        counters.warn("Dual-write reconciler pass for " + primary + "-primary writes failed; retrying with backoff",
                                e);
                    }
                }
            } finally {
                inPass = false;
            }
            refreshBacklogIfDue();
            Duration paced = pacer.pauseAfter(roundEntries, System.nanoTime() - roundStart);
            if (!paced.isZero()) {
                pause(paced, false); // the next round waits even for hand-overs: the rate is the user's limit
            }
            if (failedPass) {
                failures++;
                pause(backoff.delay(failures, ThreadLocalRandom.current()::nextDouble), false);
            } else {
                failures = 0;
                if (!worked) {
                    pause(pollInterval, true);
                } else if (lastBatch < batchSize / 2 && draining.get() == 0) {
                    pause(LINGER, false);
                }
            }
        }
    }

    /** One pass over one outbox; whether there was anything to do. */
    private boolean pass(Backend primary) {
        List<OutboxEntry> batch = intake.next(primary, draining.get() > 0);
        if (batch.isEmpty()) {
            return false;
        }
        lastBatch = Math.max(lastBatch, batch.size());
        roundEntries += batch.size();
        settler.settle(primary, batch);
        batch.clear();
        return true;
    }

    private void refreshBacklogIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(lastBacklogRefresh.plus(BACKLOG_REFRESH))) {
            return;
        }
        lastBacklogRefresh = now;
        for (Backend primary : Backend.values()) {
            try {
                Backlog measured = measure(primary, now);
                synchronized (backlog) {
                    backlog.put(primary, measured);
                }
            } catch (RuntimeException e) {
                LOG.debug("Backlog of the {} outbox could not be measured", primary, e);
            }
        }
    }

    /** Measures an outbox's backlog, telling the {@link OutboxWatch} whether it was found empty. */
    private Backlog measure(Backend primary, Instant now) {
        long mark = watch.mark(primary);
        Backlog measured = outboxes.get(primary).backlog(now);
        watch.measured(primary, mark, measured.entries());
        return measured;
    }

    private void pause(Duration duration, boolean wakeable) {
        lock.lock();
        try {
            long nanos = duration.toNanos();
            if (wakeable && signalled) {
                signalled = false;
                return;
            }
            while (running && nanos > 0 && !(wakeable && signalled)) {
                nanos = signal.awaitNanos(nanos);
            }
            signalled = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<Backlog> backlog() {
        synchronized (backlog) {
            return List.copyOf(backlog.values());
        }
    }

    Backlog backlog(Backend primary) {
        synchronized (backlog) {
            return backlog.get(primary);
        }
    }

    @Override
    public List<Backlog> measureBacklog() {
        Instant now = clock.instant();
        List<Backlog> measured = new ArrayList<>();
        for (Backend primary : Backend.values()) {
            Backlog one = measure(primary, now);
            synchronized (backlog) {
                backlog.put(primary, one);
            }
            measured.add(one);
        }
        return measured;
    }

    @Override
    public ReconcilerStats stats() {
        LeftAside.Totals refused = leftAside.totals();
        return new ReconcilerStats(counters.mirrored(), counters.settled(), counters.failures(),
                counters.settledPerSecond(), refused.entries(), refused.oldest());
    }

    @Override
    public List<RefusedRow> refused() {
        return leftAside.refused();
    }

    @Override
    public Map<String, Long> unknownTables() {
        return leftAside.unknownTables();
    }

    @Override
    public boolean awaitEmpty(Duration timeout) throws InterruptedException {
        return await(timeout, false);
    }

    @Override
    public boolean awaitSettled(Duration timeout) throws InterruptedException {
        return await(timeout, true);
    }

    private boolean await(Duration timeout, boolean allowLeftAside) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        draining.incrementAndGet();
        try {
            while (true) {
                wakeUp();
                try {
                    long leftAside = allowLeftAside ? this.leftAside.all() : 0;
                    // Not while a pass runs: it counts what it settled after deleting it, and callers read the counts.
                    if (measureBacklog().stream().mapToLong(Backlog::entries).sum() <= leftAside && !inPass) {
                        return true;
                    }
                } catch (RuntimeException e) {
                    LOG.debug("Backlog not measurable yet", e);
                }
                if (System.nanoTime() >= deadline) {
                    return false;
                }
                Thread.sleep(50);
            }
        } finally {
            draining.decrementAndGet();
        }
    }

    @Override
    public void close() {
        Thread worker;
        synchronized (this) {
            running = false;
            worker = thread;
        }
        wakeUp();
        if (worker != null && worker != Thread.currentThread()) {
            try {
                worker.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        settler.close();
        secondaryReads.shutdown();
    }
}
