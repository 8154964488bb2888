package dev.cutover.dual.internal;

import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import dev.cutover.dual.OutboxEntry;
import dev.cutover.dual.OutboxKey;
import dev.cutover.dual.Reconciler;
import dev.cutover.dual.RefusedRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox entries the reconciler leaves aside: those of rows the secondary refused, each row retried with a backoff
 * of its own, and those of tables this configuration does not know (left for a process that does). Written by the
 * reconciler's thread, read by anyone ({@link Reconciler#refused}, stats). Thread-safe: guarded by itself.
 */
final class LeftAside {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    private static final Duration FORGET_MARGIN = Duration.ofSeconds(1);

    private final Set<String> tables;
    private final Clock clock;
    private final Backoff backoff;
    private final DualWriteCounters counters;
    private final Set<String> unknownTablesLogged = ConcurrentHashMap.newKeySet();
    /** Per outbox, the rows the secondary refused. */
    private final Map<Backend, Map<OutboxKey, Refusal>> refusals = new EnumMap<>(Backend.class);
    /** Per outbox, how many entries of each unknown table its last scan found. */
    private final Map<Backend, Map<String, Long>> unknown = new EnumMap<>(Backend.class);

    LeftAside(Set<String> tables, Clock clock, Backoff backoff, DualWriteCounters counters) {
        this.tables = Set.copyOf(tables);
        this.clock = clock;
        this.backoff = backoff;
        this.counters = counters;
        for (Backend backend : Backend.values()) {
            refusals.put(backend, new HashMap<>());
            unknown.put(backend, new HashMap<>());
        }
    }

    void logUnknownTable(Backend primary, String table) {
        if (unknownTablesLogged.add(table)) {
            LOG.warn("The {} outbox holds entries of table '{}', which no repository of this dual-write "
                    + "configuration writes; they are left in place for a process that knows it. Configured tables: {}",
                    primary, table, tables);
        }
    }

    /** How many entries of this outbox are left aside now: of refused rows waiting for their retry, of unknown tables. */
    int now(Backend primary) {
        return (int) count(primary, clock.instant());
    }

    /**
     * Entries of {@code primary}'s outbox of unknown tables, and of refused rows whose next attempt is after
     * {@code until} ({@code null}: every refused row's).
     */
    synchronized long count(Backend primary, Instant until) {
        long count = unknown.get(primary).values().stream().mapToLong(Long::longValue).sum();
        for (Refusal refusal : refusals.get(primary).values()) {
            if (until == null || until.isBefore(refusal.nextAttempt)) {
                count += refusal.entries.size();
            }
        }
        return count;
    }

    /** The number of entries left aside in every outbox: of refused rows (tried at least once) and of unknown tables. */
    long all() {
        long count = 0;
        for (Backend primary : Backend.values()) {
            count += count(primary, null);
        }
        return count;
    }

    /**
     * What a scan of {@code primary}'s outbox up to {@code before} found of unknown tables; if it saw every entry
     * recorded before then ({@code sawAll}), refused entries it did not see among {@code seen} are forgotten.
     */
    synchronized void scanned(Backend primary, Map<String, Long> unknownFound, boolean sawAll, Instant before,
            Set<Long> seen) {
        unknown.put(primary, unknownFound);
        if (sawAll) {
            forgetGone(primary, before, seen);
        }
    }

    /**
     * Keeps in {@code batch} the entries to settle in this pass: those of refused rows wait for their row's next
     * attempt, unless the row was written again since (a new entry), which may have made it acceptable.
     */
    synchronized void keepDue(Backend primary, List<OutboxEntry> batch, Instant now) {
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
    synchronized void accepted(Backend primary, List<OutboxEntry> done) {
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

    /**
     * Records that the secondary refused a row: its entries are left aside until its next attempt, which backs off
     * per row. Logged once per attempt, so at most once per backoff step.
     */
    void refuse(Backend primary, MirroredTable<?, ?> table, String key, List<OutboxEntry> entries,
            RuntimeException failure) {
        counters.failed();
        Instant now = clock.instant();
        String reason = reason(failure);
        Refusal refusal;
        synchronized (this) {
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

    /** A refused row. Guarded by the {@link LeftAside} that holds it. */
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

    /** How many entries of refused rows there are, and when the oldest was recorded ({@code null}: none). */
    synchronized Totals totals() {
        long refusedEntries = 0;
        Instant oldestRefused = null;
        for (Map<OutboxKey, Refusal> refused : refusals.values()) {
            for (Refusal refusal : refused.values()) {
                refusedEntries += refusal.entries.size();
                Instant oldest = refusal.oldestEntry();
                if (oldest != null && (oldestRefused == null || oldest.isBefore(oldestRefused))) {
                    oldestRefused = oldest;
                }
            }
        }
        return new Totals(refusedEntries, oldestRefused);
    }

    record Totals(long entries, Instant oldest) {
    }

    List<RefusedRow> refused() {
        List<RefusedRow> rows = new ArrayList<>();
        synchronized (this) {
            refusals.forEach((primary, refused) -> refused.forEach((key, refusal) -> rows.add(new RefusedRow(primary, key,
                    refusal.entries.size(), refusal.oldestEntry(), refusal.reason, refusal.attempts, refusal.nextAttempt))));
        }
        rows.sort(Comparator.comparing(RefusedRow::oldestEntry));
        return rows;
    }

    synchronized Map<String, Long> unknownTables() {
        Map<String, Long> counts = new TreeMap<>();
        unknown.values().forEach(byTable -> byTable.forEach((table, entries) -> counts.merge(table, entries, Long::sum)));
        return counts;
    }
}
