package dev.cutover.dual.internal;

import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import dev.cutover.compare.Comparison;
import dev.cutover.dual.Outbox;
import dev.cutover.dual.OutboxEntry;
import dev.cutover.dual.OutboxKey;
import dev.cutover.dual.Reconciler;
import dev.cutover.dual.spi.UncommittedCopies;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles a batch of one outbox's entries: compares both sides for their keys, copies the primary's row where they
 * differ (unless a newer write on the other side supersedes it) and compares again, removes the entries whose rows
 * match. A backend that is unreachable fails the batch (kept for the next pass); a row the secondary refuses is left
 * aside ({@link LeftAside}) and the others go on; entries of rows inside a copy not committed yet
 * ({@link UncommittedCopies}: a backfill chunk) are compared but kept. Stateless between calls and thread-safe: the
 * parts of a batch, rows of their own, are settled at once ({@link SettleParts}).
 */
final class Settler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final Map<Backend, Outbox> outboxes;
    private final Map<String, MirroredTable<?, ?>> tables;
    private final Comparison comparison;
    private final LeftAside leftAside;
    private final DualWriteCounters counters;
    private final Executor reads;
    private final UncommittedCopies uncommittedCopies;

    /**
     * @param reads             where the secondary's rows are read while the calling thread reads the primary's
     * @param uncommittedCopies copies into PostgreSQL not committed yet, whose keys' legacy-primary entries are kept
     */
    Settler(Map<Backend, Outbox> outboxes, Map<String, MirroredTable<?, ?>> tables, Comparison comparison,
            LeftAside leftAside, DualWriteCounters counters, Executor reads, UncommittedCopies uncommittedCopies) {
        this.reads = reads;
        this.uncommittedCopies = uncommittedCopies;
        this.outboxes = outboxes;
        this.tables = tables;
        this.comparison = comparison;
        this.leftAside = leftAside;
        this.counters = counters;
    }

    /** Compares, repairs and removes; throws (keeping {@code batch} for the next pass) if a backend fails. */
    void settle(Backend primary, List<OutboxEntry> batch) {
        Map<String, List<OutboxEntry>> byTable = new LinkedHashMap<>();
        for (OutboxEntry entry : batch) {
            byTable.computeIfAbsent(entry.key().table(), t -> new ArrayList<>()).add(entry);
        }
        List<OutboxEntry> done = new ArrayList<>(batch.size());
        for (Map.Entry<String, List<OutboxEntry>> group : byTable.entrySet()) {
            MirroredTable<?, ?> table = tables.get(group.getKey());
            if (table == null) {
                leftAside.logUnknownTable(primary, group.getKey());
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
        leftAside.accepted(primary, done);
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
                leftAside.refuse(primary, table, row.getKey(), row.getValue(), e);
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
        // Asked before either side is read: a copy that commits after this answer committed before the reads below.
        Set<K> unsettled = new HashSet<>(primary == Backend.LEGACY
                ? uncommittedCopies.holding(table.mapping, keys.values()) : Set.of());
        if (!unsettled.isEmpty()) {
            LOG.debug("{} rows of {} are in a copy not committed yet (a backfill chunk); their entries are kept", unsettled.size(),
                    table);
        }
        MirroredTable.Differing<K, E> found = table.differing(primary, keys.values(), comparison, reads);
        Map<K, E> differing = found.rows();
        if (!differing.isEmpty()) {
            Map<K, String> textOf = new HashMap<>();
            keys.forEach((text, key) -> textOf.put(key, text));
            Outbox other = outboxes.get(primary.other());
            Set<String> superseded = supersededBy(other, primary, table, differing.keySet(), textOf, newest);
            Map<K, E> copy = new LinkedHashMap<>();
            differing.forEach((key, row) -> {
                if (!superseded.contains(textOf.get(key))) {
                    copy.put(key, row);
                }
            });
            if (!copy.isEmpty()) {
                boolean inserts = copy.keySet().stream().anyMatch(found.absentOnSecondary()::contains);
                int copied = table.copyUnlessNewer(primary, copy, inserts,
                        () -> !supersededBy(other, primary, table, copy.keySet(), textOf, newest).isEmpty());
                if (copied < 0) {
                    unsettled.addAll(copy.keySet());
                } else {
                    counters.mirrored(copied);
                    // A caller's synchronous mirror of a newer write may have landed (and its entry settled) before
                    // this copy, whose older row then stands on the secondary: the primary's row tells.
                    Set<K> still = table.changedOnPrimary(primary, copy, comparison);
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
}
