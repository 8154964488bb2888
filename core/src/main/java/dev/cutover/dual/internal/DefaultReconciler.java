package dev.cutover.dual.internal;

import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import dev.cutover.compare.Comparison;
import dev.cutover.status.Backlog;
import dev.cutover.dual.Outbox;
import dev.cutover.dual.OutboxEntry;
import dev.cutover.dual.OutboxKey;
import dev.cutover.dual.Reconciler;
import dev.cutover.status.ReconcilerStats;
import dev.cutover.dual.RefusedRow;
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
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconciler's thread. Each pass, per outbox: takes the entries handed over in memory (this process's
 * writes, mirrored or not), and, when due, those the outbox table holds that are older than the grace period
 * (other processes', or left by an outage or a restart); compares both sides for their keys; copies the
 * primary's row where they differ and compares again; removes the entries whose rows match. A failed pass
 * keeps its entries for the next one and waits with exponential backoff. A row the secondary refuses (not a backend
 * that is unreachable) is retried with a backoff of its own, its entries left aside meanwhile; entries of tables the
 * configuration does not know are left alone. Thread-safe.
 */
final class DefaultReconciler implements Reconciler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    private static final Duration BACKLOG_REFRESH = Duration.ofSeconds(1);
    /** After a small batch, how long hand-overs gather before the next pass: fewer, larger batches cost less. */
    private static final Duration LINGER = Duration.ofMillis(20);
    private static final Duration FORGET_MARGIN = Duration.ofSeconds(1);

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
    /** Per outbox, the rows the secondary refused. Guarded by itself: the thread writes, readers take copies. */
    private final Map<Backend, Map<OutboxKey, Refusal>> refusals = new EnumMap<>(Backend.class);
    /** Per outbox, how many entries of each unknown table its last scan found. Guarded by {@link #refusals}. */
    private final Map<Backend, Map<String, Long>> unknown = new EnumMap<>(Backend.class);

    private final DualWriteCounters counters;

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

    DefaultReconciler(Map<Backend, Outbox> outboxes, Map<String, MirroredTable<?, ?>> tables, Comparison comparison,
            Clock clock, int batchSize, Duration pollInterval, Duration gracePeriod, Backoff backoff, int queueCapacity,
            DualWriteCounters counters) {
        this.outboxes = new EnumMap<>(outboxes);
        this.tables = Map.copyOf(tables);
        this.comparison = comparison;
        this.clock = clock;
        this.batchSize = batchSize;
        this.pollInterval = pollInterval;
        this.gracePeriod = gracePeriod;
        this.backoff = backoff;
        this.queueCapacity = queueCapacity;
        this.counters = counters;
        for (Backend backend : Backend.values()) {
            queues.put(backend, new ConcurrentLinkedQueue<>());
            carried.put(backend, new ArrayList<>());
            lastScan.put(backend, Instant.EPOCH);
            scanAgain.put(backend, true);
            refusals.put(backend, new HashMap<>());
            unknown.put(backend, new HashMap<>());
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
        int waiting = queued.addAndGet(entries.size());
        if (waiting > queueCapacity) {
            queued.addAndGet(-entries.size());
            return;
        }
        queues.get(primary).addAll(entries);
        if (urgent || waiting >= batchSize / 2) {
            wakeUp();
        }
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
            // Entries left aside are found again, oldest first: read past them so that they take no room
            int room = batchSize - batch.size();
            int limit = room + leftAside(primary);
            List<OutboxEntry> found = outboxes.get(primary).pending(before, limit);
            lastScan.put(primary, now);
            scanAgain.put(primary, found.size() == limit);
            Set<Long> ids = new java.util.HashSet<>();
            batch.forEach(e -> ids.add(e.id()));
            Map<String, Long> unknownFound = new HashMap<>();
            for (OutboxEntry entry : found) {
                if (!tables.containsKey(entry.key().table())) {
                    unknownFound.merge(entry.key().table(), 1L, Long::sum);
                    logUnknownTable(primary, entry.key().table());
                } else if (ids.add(entry.id())) {
                    batch.add(entry);
                }
            }
            synchronized (refusals) {
                unknown.put(primary, unknownFound);
                if (found.size() < limit) {
                    forgetGone(primary, before, ids);
                }
            }
        }
        keepDue(primary, batch, now);
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
                logUnknownTable(primary, group.getKey());
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
        counters.settled(done.size());
        accepted(primary, done);
    }

    private void logUnknownTable(Backend primary, String table) {
        if (unknownTablesLogged.add(table)) {
            LOG.warn("The {} outbox holds entries of table '{}', which no repository of this dual-write "
                    + "configuration writes; they are left in place for a process that knows it. Configured tables: {}",
                    primary, table, tables.keySet());
        }
    }

    /** How many entries of this outbox are left aside now: of refused rows waiting for their retry, of unknown tables. */
    private int leftAside(Backend primary) {
        return (int) leftAside(primary, clock.instant());
    }

    /**
     * Entries of {@code primary}'s outbox of unknown tables, and of refused rows whose next attempt is after
     * {@code until} ({@code null}: every refused row's).
     */
    private long leftAside(Backend primary, Instant until) {
        synchronized (refusals) {
            long count = unknown.get(primary).values().stream().mapToLong(Long::longValue).sum();
            for (Refusal refusal : refusals.get(primary).values()) {
                if (until == null || until.isBefore(refusal.nextAttempt)) {
                    count += refusal.entries.size();
                }
            }
            return count;
        }
    }

    /**
     * Keeps in {@code batch} the entries to settle in this pass: those of refused rows wait for their row's next
     * attempt, unless the row was written again since (a new entry), which may have made it acceptable.
     */
    private void keepDue(Backend primary, List<OutboxEntry> batch, Instant now) {
        synchronized (refusals) {
            Map<OutboxKey, Refusal> refused = refusals.get(primary);
            if (refused.isEmpty()) {
                return;
            }
            for (OutboxEntry entry : batch) {
                Refusal refusal = refused.get(entry.key());
                if (refusal != null && !refusal.entries.containsKey(entry.id())) {
                    refusal.nextAttempt = now;
                }
            }
            batch.removeIf(entry -> {
                Refusal refusal = refused.get(entry.key());
                return refusal != null && now.isBefore(refusal.nextAttempt);
            });
        }
    }

    /**
     * After a scan that saw every entry recorded before {@code before}: forgets refused entries it did not see (another
     * process settled or removed them), so that they are neither reported nor waited for.
     */
    private void forgetGone(Backend primary, Instant before, Set<Long> seen) {
        refusals.get(primary).values().removeIf(refusal -> {
            // A margin: outboxes store coarser times (PostgreSQL microseconds) than the clock that stamped the entries
            Instant surelyScanned = before.minus(FORGET_MARGIN);
            refusal.entries.values().removeIf(e -> e.createdAt().isBefore(surelyScanned) && !seen.contains(e.id()));
            return refusal.entries.isEmpty();
        });
    }

    /** Forgets the refusals of rows now settled. */
    private void accepted(Backend primary, List<OutboxEntry> done) {
        synchronized (refusals) {
            Map<OutboxKey, Refusal> refused = refusals.get(primary);
            if (refused.isEmpty()) {
                return;
            }
            for (OutboxEntry entry : done) {
                Refusal refusal = refused.remove(entry.key());
                if (refusal != null) {
                    LOG.info("Row {} of table '{}' is on {} now, after {} refused attempts; its outbox entries are removed",
                            entry.key().key(), entry.key().table(), primary.other(), refusal.attempts);
                }
            }
        }
    }

    /**
     * Records that the secondary refused a row: its entries are left aside until its next attempt, which backs off
     * per row. Logged once per attempt, so at most once per backoff step.
     */
    private void refuse(Backend primary, MirroredTable<?, ?> table, String key, List<OutboxEntry> entries,
            RuntimeException failure) {
        counters.failed();
        Instant now = clock.instant();
        String reason = reason(failure);
        Refusal refusal;
        synchronized (refusals) {
            refusal = refusals.get(primary).computeIfAbsent(new OutboxKey(table.table(), key), k -> new Refusal());
            refusal.attempts++;
            refusal.reason = reason;
            refusal.nextAttempt = now.plus(backoff.delay(refusal.attempts, ThreadLocalRandom.current()::nextDouble));
            entries.forEach(e -> refusal.entries.put(e.id(), e));
        }
        LOG.warn("Row {} of {} is refused by {} ({}); its outbox {} and the row is retried in {} s "
                + "({} refused attempts so far), the other rows go on", key, table, primary.other(), reason,
                entries.size() == 1 ? "entry stays" : entries.size() + " entries stay",
                Math.max(1, Duration.between(now, refusal.nextAttempt).toSeconds()), refusal.attempts);
        LOG.debug("Refusal of row {} of {}", key, table, failure);
    }

    /** The SQLState and first line of the innermost message: the database's own words, without the statement. */
    private static String reason(RuntimeException failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage()).lines().findFirst().orElse("").strip();
        String state = failure instanceof DataAccessException access ? access.sqlState() : null;
        return state == null ? root.getClass().getSimpleName() + ": " + message : "SQLState " + state + ": " + message;
    }

    /** A refused row. Guarded by {@link #refusals}. */
    private static final class Refusal {
        final Map<Long, OutboxEntry> entries = new HashMap<>();
        int attempts;
        String reason;
        Instant nextAttempt;

        Instant oldestEntry() {
            Instant oldest = null;
            for (OutboxEntry entry : entries.values()) {
                if (oldest == null || entry.createdAt().isBefore(oldest)) {
                    oldest = entry.createdAt();
                }
            }
            return oldest;
        }
    }

    /**
     * Settles a table's entries row by row after a failure that is not the database's unavailability (a row the
     * secondary rejects): the others go on; a failing row's entries stay in the outbox, counted, logged and retried
     * with the row's own backoff, so one bad row never holds up the rest.
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
                refuse(primary, table, row.getKey(), row.getValue(), e);
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
                    counters.mirrored(copied);
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
        long refusedEntries = 0;
        Instant oldestRefused = null;
        synchronized (refusals) {
            for (Map<OutboxKey, Refusal> refused : refusals.values()) {
                for (Refusal refusal : refused.values()) {
                    refusedEntries += refusal.entries.size();
                    Instant oldest = refusal.oldestEntry();
                    if (oldest != null && (oldestRefused == null || oldest.isBefore(oldestRefused))) {
                        oldestRefused = oldest;
                    }
                }
            }
        }
        return new ReconcilerStats(counters.mirrored(), counters.settled(), counters.failures(),
                counters.settledPerSecond(), refusedEntries, oldestRefused);
    }

    @Override
    public List<RefusedRow> refused() {
        List<RefusedRow> rows = new ArrayList<>();
        synchronized (refusals) {
            refusals.forEach((primary, refused) -> refused.forEach((key, refusal) -> rows.add(new RefusedRow(primary, key,
                    refusal.entries.size(), refusal.oldestEntry(), refusal.reason, refusal.attempts, refusal.nextAttempt))));
        }
        rows.sort(java.util.Comparator.comparing(RefusedRow::oldestEntry));
        return rows;
    }

    @Override
    public Map<String, Long> unknownTables() {
        Map<String, Long> counts = new TreeMap<>();
        synchronized (refusals) {
            unknown.values().forEach(tables -> tables.forEach((table, entries) -> counts.merge(table, entries, Long::sum)));
        }
        return counts;
    }

    @Override
    public boolean awaitEmpty(Duration timeout) throws InterruptedException {
        return await(timeout, false);
    }

    @Override
    public boolean awaitSettled(Duration timeout) throws InterruptedException {
        return await(timeout, true);
    }

    /** The number of entries left aside: of refused rows (tried at least once) and of unknown tables. */
    private long unsettleable() {
        long count = 0;
        for (Backend primary : Backend.values()) {
            count += leftAside(primary, null);
        }
        return count;
    }

    private boolean await(Duration timeout, boolean allowLeftAside) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        draining.incrementAndGet();
        try {
            while (true) {
                wakeUp();
                try {
                    long leftAside = allowLeftAside ? unsettleable() : 0;
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
    }
}
