package dev.cutover.dual.internal;

import dev.cutover.Backend;
import dev.cutover.dual.MirrorMode;
import dev.cutover.dual.Outbox;
import dev.cutover.dual.OutboxEntry;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a write's outbox entries once its unit of work has ended: if it committed, a synchronous mirror copies
 * the primary's rows to the secondary on the caller's thread, and the entries go to the reconciler, which checks (and
 * repairs) and removes them; if it rolled back, entries of an outbox that does not roll back with it are removed.
 * Failures are logged and counted, never thrown: the call's outcome is its primary write's. Thread-safe.
 */
final class Mirroring {
    private static final Logger LOG = LoggerFactory.getLogger(dev.cutover.dual.DualWrites.class);

    private final MirrorMode mode;
    private final Map<Backend, Outbox> outboxes;
    private final Map<String, MirroredTable<?, ?>> tables;
    private final DefaultReconciler reconciler;
    private final DualWriteCounters counters;
    private final OutboxWatch watch;
    private final CopiesInFlight inFlight;

    Mirroring(MirrorMode mode, Map<Backend, Outbox> outboxes, Map<String, MirroredTable<?, ?>> tables,
            DefaultReconciler reconciler, DualWriteCounters counters, OutboxWatch watch, CopiesInFlight inFlight) {
        this.mode = mode;
        this.watch = watch;
        this.inFlight = inFlight;
        this.outboxes = outboxes;
        this.tables = tables;
        this.reconciler = reconciler;
        this.counters = counters;
    }

    MirrorMode mode() {
        return mode;
    }

    /** The calls and units of work still to copy their own entries, which the reconciler's scans leave to them. */
    CopiesInFlight inFlight() {
        return inFlight;
    }

    /**
     * @param committed whether the primary committed the entries' writes
     * @param copyNow   whether a synchronous mirror copies the rows on this thread; {@code false} for the recorded writes of
     *                  a single route, which the reconciler copies (the caller never waits for the other backend)
     * @param known     rows as written in autocommit, per table and key text ({@code null}: deleted), not to be read back
     */
    void completed(Backend primary, List<OutboxEntry> entries, boolean committed, boolean copyNow,
            Map<MirroredTable<?, ?>, Map<String, Object>> known) {
        watch.completed(primary);
        Outbox outbox = outboxes.get(primary);
        if (!committed) {
            if (!outbox.transactional()) {
                try {
                    outbox.remove(entries);
                } catch (RuntimeException e) {
                    LOG.debug("Entries of a rolled-back write stay in the {} (harmless: the reconciler finds the rows equal)",
                            outbox.description(), e);
                }
            }
            return;
        }
        // After a synchronous copy the entries only await the reconciler's check: no need to wake it for each call
        boolean copied = copyNow && mode == MirrorMode.SYNCHRONOUS && mirror(primary, entries, known);
        reconciler.hand(primary, entries, !copied);
    }

    /**
     * Copies the primary's rows of the entries' keys to the secondary; a failure is logged and counted, never thrown.
     *
     * @return whether every row was copied
     */
    private boolean mirror(Backend primary, List<OutboxEntry> entries, Map<MirroredTable<?, ?>, Map<String, Object>> known) {
        try {
            Map<String, Set<String>> byTable = new LinkedHashMap<>();
            for (OutboxEntry entry : entries) {
                byTable.computeIfAbsent(entry.key().table(), t -> new LinkedHashSet<>()).add(entry.key().key());
            }
            for (Map.Entry<String, Set<String>> group : byTable.entrySet()) {
                MirroredTable<?, ?> table = tables.get(group.getKey());
                counters.mirrored(table.copy(primary, group.getValue(), known.getOrDefault(table, Map.of())));
            }
            return true;
        } catch (RuntimeException e) {
            counters.failed();
            counters.warn("Mirroring " + entries.size() + " " + primary + "-primary writes to " + primary.other()
                    + " failed; the reconciler will copy them", e);
            return false;
        }
    }
}
