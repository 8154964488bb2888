package dev.cutover.dual.internal;

import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import dev.cutover.compare.Comparison;
import dev.cutover.dual.Backlog;
import dev.cutover.dual.Outbox;
import dev.cutover.dual.OutboxEntry;
import dev.cutover.dual.OutboxKey;
import dev.cutover.dual.Reconciler;
import dev.cutover.dual.ReconcilerStats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconciler's thread. Each pass, per outbox: takes the entries handed over in memory (this process's
 * writes, mirrored or not), and, when due, those the outbox table holds that are older than the grace period
 * (other processes', or left by an outage or a restart); compares both sides for their keys; copies the
 * primary's row where they differ and compares again; removes the entries whose rows match. A failed pass
 * keeps its entries for the next one and waits with exponential backoff. Thread-safe.
 */
final class DefaultReconciler implements Reconciler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    private static final Duration BACKLOG_REFRESH = Duration.ofSeconds(1);
    /** After a small batch, how long hand-overs gather before the next pass: fewer, larger batches cost less. */
    private static final Duration LINGER = Duration.ofMillis(20);
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Map<Backend, Outbox> outboxes;
    private final Map<String, MirroredTable<?, ?>> tables;
    private final Comparison comparison;
    private final Clock clock;
    private final int batchSize;
    private final Duration pollInterval;
    private final Duration gracePeriod;
    private final Backoff backoff;
    private final int queueCapacity;

    private final Map<Backend, ConcurrentLinkedQueue<OutboxEntry>> queues = new EnumMap<>(Backend.class);
    private final Map<Backend, List<OutboxEntry>> carried = new EnumMap<>(Backend.class);
    private final Map<Backend, Instant> lastScan = new EnumMap<>(Backend.class);
    private final Map<Backend, Boolean> scanAgain = new EnumMap<>(Backend.class);
    private final Map<Backend, Backlog> backlog = new EnumMap<>(Backend.class);
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger draining = new AtomicInteger();
    private final Set<String> unknownTablesLogged = java.util.concurrent.ConcurrentHashMap.newKeySet();

    final AtomicLong mirrored = new AtomicLong();
    final AtomicLong settled = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    private final long[] settledPerSecond = new long[10];
    private final long[] bucketSecond = new long[10];

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signal = lock.newCondition();
    private boolean signalled;
    private volatile boolean running;
    private Thread thread;
    private Instant lastBacklogRefresh = Instant.EPOCH;
    private int failures;
    private int lastBatch;
    private long lastWarnNanos = System.nanoTime() - WARN_EVERY_NANOS;
    private int suppressedWarnings;

    DefaultReconciler(Map<Backend, Outbox> outboxes, Map<String, MirroredTable<?, ?>> tables, Comparison comparison,
            Clock clock, int batchSize, Duration pollInterval, Duration gracePeriod, Backoff backoff, int queueCapacity) {
        this.outboxes = new EnumMap<>(outboxes);
        this.tables = Map.copyOf(tables);
        this.comparison = comparison;
        this.clock = clock;
        this.batchSize = batchSize;
        this.pollInterval = pollInterval;
        this.gracePeriod = gracePeriod;
        this.backoff = backoff;
        this.queueCapacity = queueCapacity;
        for (Backend backend : Backend.values()) {
            queues.put(backend, new ConcurrentLinkedQueue<>());
            carried.put(backend, new ArrayList<>());
            lastScan.put(backend, Instant.EPOCH);
            scanAgain.put(backend, true);
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
     */
    void hand(Backend primary, Collection<OutboxEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        if (queued.addAndGet(entries.size()) > queueCapacity) {
            queued.addAndGet(-entries.size());
            return;
        }
        queues.get(primary).addAll(entries);
        wakeUp();
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
        while (running) {
            boolean worked = false;
            boolean failedPass = false;
            lastBatch = 0;
            for (Backend primary : Backend.values()) {
                try {
                    worked |= pass(primary);
                } catch (RuntimeException e) {
                    failedPass = true;
                    failed.incrementAndGet();
                    warn("Dual-write reconciler pass for " + primary + "-primary writes failed; retrying with backoff", e);
                }
            }
            refreshBacklogIfDue();
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
        List<OutboxEntry> batch = carried.get(primary);
        ConcurrentLinkedQueue<OutboxEntry> queue = queues.get(primary);
        while (batch.size() < batchSize) {
            OutboxEntry entry = queue.poll();
            if (entry == null) {
                break;
            }
            queued.decrementAndGet();
            batch.add(entry);
        }
        Instant now = clock.instant();
        boolean drain = draining.get() > 0;
        if (batch.size() < batchSize && (drain || scanAgain.get(primary)
                || !now.isBefore(lastScan.get(primary).plus(pollInterval)))) {
            Instant before = drain ? now.plusNanos(1) : now.minus(gracePeriod);
            int room = batchSize - batch.size();
            List<OutboxEntry> found = outboxes.get(primary).pending(before, room);
            lastScan.put(primary, now);
            scanAgain.put(primary, found.size() == room);
            Set<Long> ids = new java.util.HashSet<>();
            batch.forEach(e -> ids.add(e.id()));
            for (OutboxEntry entry : found) {
                if (ids.add(entry.id())) {
                    batch.add(entry);
                }
            }
        }
        if (batch.isEmpty()) {
            return false;
        }
        lastBatch = Math.max(lastBatch, batch.size());
        settle(primary, batch);
        batch.clear();
        return true;
    }

    /** Compares, repairs and removes; throws (keeping {@code batch} for the next pass) if a backend fails. */
    private void settle(Backend primary, List<OutboxEntry> batch) {
        Map<String, List<OutboxEntry>> byTable = new LinkedHashMap<>();
        for (OutboxEntry entry : batch) {
            byTable.computeIfAbsent(entry.key().table(), t -> new ArrayList<>()).add(entry);
        }
        List<OutboxEntry> done = new ArrayList<>(batch.size());
        for (Map.Entry<String, List<OutboxEntry>> group : byTable.entrySet()) {
            MirroredTable<?, ?> table = tables.get(group.getKey());
            if (table == null) {
                if (unknownTablesLogged.add(group.getKey())) {
                    LOG.warn("The {} outbox holds entries of table '{}', which no repository of this dual-write "
                            + "configuration writes; they are left in place. Configured tables: {}",
                            primary, group.getKey(), tables.keySet());
                }
                continue;
            }
            try {
                done.addAll(settle(primary, table, group.getValue()));
            } catch (RuntimeException e) {
                if (isTransient(e)) {
                    throw e;
                }
                done.addAll(isolate(primary, table, group.getValue()));
            }
        }
        outboxes.get(primary).remove(done);
        count(done.size());
    }

    /**
     * Settles a table's entries row by row after a failure that is not the database's unavailability (a row the
     * secondary rejects): the others go on; a failing row's entries stay in the outbox, counted, logged and retried
     * later, so one bad row never holds up the rest.
     */
    private List<OutboxEntry> isolate(Backend primary, MirroredTable<?, ?> table, List<OutboxEntry> entries) {
        Map<String, List<OutboxEntry>> byKey = new LinkedHashMap<>();
        for (OutboxEntry entry : entries) {
            byKey.computeIfAbsent(entry.key().key(), k -> new ArrayList<>()).add(entry);
        }
        List<OutboxEntry> done = new ArrayList<>(entries.size());
        for (Map.Entry<String, List<OutboxEntry>> row : byKey.entrySet()) {
            try {
                done.addAll(settle(primary, table, row.getValue()));
            } catch (RuntimeException e) {
                if (isTransient(e)) {
                    throw e;
                }
                failed.incrementAndGet();
                warn("Row " + row.getKey() + " of " + table + " cannot be copied from " + primary + " to " + primary.other()
                        + "; its outbox entries stay and are retried, the other rows go on", e);
            }
        }
        return done;
    }

    /** Whether a failure is a backend being unreachable or overloaded (retry everything later), not a bad row. */
    private static boolean isTransient(RuntimeException failure) {
        if (!(failure instanceof DataAccessException access)) {
            return false;
        }
        String state = access.sqlState();
        return state == null || state.startsWith("08") || state.startsWith("53") || state.startsWith("57")
                || state.startsWith("40") || state.startsWith("55");
    }

    /**
     * Settles one table's entries. Where the sides differ, the newer write wins: if the secondary's own outbox holds
     * a newer entry for a row (it was written as a primary since, the routes having changed), this entry is
     * superseded and removed without a copy; otherwise the primary's row is copied in a transaction on the secondary
     * that is rolled back if such an entry appears meanwhile.
     */
    private <E, K> List<OutboxEntry> settle(Backend primary, MirroredTable<E, K> table, List<OutboxEntry> entries) {
        Map<String, K> keys = new LinkedHashMap<>();
        Map<String, OutboxEntry> newest = new HashMap<>();
        for (OutboxEntry entry : entries) {
            keys.computeIfAbsent(entry.key().key(), table::decode);
            newest.merge(entry.key().key(), entry, (a, b) -> newer(b, primary, a, primary) ? b : a);
        }
        Set<K> differing = table.differing(primary, keys.values(), comparison);
        Set<K> unsettled = new HashSet<>();
        if (!differing.isEmpty()) {
            Map<K, String> textOf = new HashMap<>();
            keys.forEach((text, key) -> textOf.put(key, text));
            Outbox other = outboxes.get(primary.other());
            Set<String> superseded = supersededBy(other, primary, table, differing, textOf, newest);
            List<K> copy = new ArrayList<>();
            for (K key : differing) {
                if (!superseded.contains(textOf.get(key))) {
                    copy.add(key);
                }
            }
            if (!copy.isEmpty()) {
                int copied = table.copyUnlessNewer(primary, copy,
                        () -> !supersededBy(other, primary, table, copy, textOf, newest).isEmpty());
                if (copied < 0) {
                    unsettled.addAll(copy);
                } else {
                    mirrored.addAndGet(copied);
                    Set<K> still = table.differing(primary, copy, comparison);
                    if (!still.isEmpty()) {
                        LOG.debug("{} rows of {} still differ after a copy (written again meanwhile?); left for the next pass",
                                still.size(), table);
                    }
                    unsettled.addAll(still);
                }
            }
        }
        List<OutboxEntry> done = new ArrayList<>(entries.size());
        for (OutboxEntry entry : entries) {
            if (!unsettled.contains(keys.get(entry.key().key()))) {
                done.add(entry);
            }
        }
        return done;
    }

    /** The keys (as text) whose newest entry in {@code other} is newer than this outbox's newest for them. */
    private static <K> Set<String> supersededBy(Outbox other, Backend primary, MirroredTable<?, K> table, Collection<K> keys,
            Map<K, String> textOf, Map<String, OutboxEntry> newest) {
        List<OutboxKey> wanted = new ArrayList<>(keys.size());
        for (K key : keys) {
            wanted.add(new OutboxKey(table.table(), textOf.get(key)));
        }
        Set<String> superseded = new HashSet<>();
        for (OutboxEntry theirs : other.entriesOf(wanted)) {
            OutboxEntry ours = newest.get(theirs.key().key());
            if (ours != null && newer(theirs, primary.other(), ours, primary)) {
                superseded.add(theirs.key().key());
            }
        }
        return superseded;
    }

    /** Whether entry {@code a} of outbox {@code aPrimary} was recorded after {@code b}; PostgreSQL's wins a tie. */
    private static boolean newer(OutboxEntry a, Backend aPrimary, OutboxEntry b, Backend bPrimary) {
        int byTime = a.createdAt().compareTo(b.createdAt());
        if (byTime != 0) {
            return byTime > 0;
        }
        if (aPrimary != bPrimary) {
            return aPrimary == Backend.POSTGRES;
        }
        return a.id() > b.id();
    }

    private void count(int settledNow) {
        if (settledNow == 0) {
            return;
        }
        settled.addAndGet(settledNow);
        long second = System.nanoTime() / 1_000_000_000L;
        synchronized (settledPerSecond) {
            int bucket = (int) (second % settledPerSecond.length);
            if (bucketSecond[bucket] != second) {
                bucketSecond[bucket] = second;
                settledPerSecond[bucket] = 0;
            }
            settledPerSecond[bucket] += settledNow;
        }
    }

    private void refreshBacklogIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(lastBacklogRefresh.plus(BACKLOG_REFRESH))) {
            return;
        }
        lastBacklogRefresh = now;
        for (Backend primary : Backend.values()) {
            try {
                Backlog measured = outboxes.get(primary).backlog(now);
                synchronized (backlog) {
                    backlog.put(primary, measured);
                }
            } catch (RuntimeException e) {
                LOG.debug("Backlog of the {} outbox could not be measured", primary, e);
            }
        }
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

    void warn(String message, Throwable failure) {
        long now = System.nanoTime();
        synchronized (this) {
            if (now - lastWarnNanos < WARN_EVERY_NANOS) {
                suppressedWarnings++;
                LOG.debug(message, failure);
                return;
            }
            lastWarnNanos = now;
            int suppressed = suppressedWarnings;
            suppressedWarnings = 0;
            LOG.warn("{}: {}{}", message, failure.toString(),
                    suppressed == 0 ? "" : " (" + suppressed + " similar failures in the last 10 s not logged)");
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
            Backlog one = outboxes.get(primary).backlog(now);
            synchronized (backlog) {
                backlog.put(primary, one);
            }
            measured.add(one);
        }
        return measured;
    }

    @Override
    public ReconcilerStats stats() {
        long second = System.nanoTime() / 1_000_000_000L;
        long total = 0;
        synchronized (settledPerSecond) {
            for (int i = 0; i < settledPerSecond.length; i++) {
                if (second - bucketSecond[i] < settledPerSecond.length) {
                    total += settledPerSecond[i];
                }
            }
        }
        return new ReconcilerStats(mirrored.get(), settled.get(), failed.get(), total / (double) settledPerSecond.length);
    }

    @Override
    public boolean awaitEmpty(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        draining.incrementAndGet();
        try {
            while (true) {
                wakeUp();
                try {
                    if (measureBacklog().stream().allMatch(Backlog::isEmpty)) {
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
    }
}
