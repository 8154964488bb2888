package dev.cutover.cdc.internal;

import dev.cutover.cdc.CaptureStatus;
import dev.cutover.cdc.CaptureStatus.PausedTable;
import dev.cutover.cdc.ChangeFeed;
import dev.cutover.cdc.RowChange;
import dev.cutover.cdc.TableRoutes;
import dev.cutover.Backend;
import dev.cutover.dual.Outbox;
import dev.cutover.dual.OutboxEntry;
import dev.cutover.dual.Reconciler;
import dev.cutover.dual.OutboxKey;
import dev.cutover.tx.spi.UnitOfWork;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The applying side of capture: each batch's changes become outbox keys of legacy as primary (both keys for a key
 * change), recorded with the legacy commit time as their time, so the outbox's rule "the newer write of a row wins" sees
 * them where legacy committed them. A change is captured only if its table's writes were routed to legacy as primary
 * when it was committed ({@link Directions}); a change of a paused table is held ({@link PauseStore}); a change of a
 * table no mapping covers is counted and logged. {@link #accept} returns only once all of that is durable, so the feed
 * commits its position after it. Batches come on the feed's thread; {@link #status} and {@link #resume} may be called
 * from any thread.
 */
public final class CaptureSink implements ChangeFeed.Sink {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureSink.class);
    /** Held keys moved to the outbox per transaction on resume. */
    private static final int RESUME_BATCH = 1_000;

    private final List<CapturedTable<?, ?>> tables;
    private final Outbox outbox;
    private final TableRoutes routes;
    private final PauseStore pauses;
    private final Function<CapturedTable<?, ?>, List<String>> schemaCheck;
    private final Clock clock;
    /** This process's reconciler, handed the entries at once; null: they wait for a scan after the grace period. */
    private final Reconciler reconciler;
    private final Directions directions = new Directions();
    private final Map<String, CapturedTable<?, ?>> byLogName = new ConcurrentHashMap<>();
    private final Map<String, Long> unmapped = new ConcurrentHashMap<>();

    private volatile String position;
    private volatile Instant lastCommittedAt;
    private volatile Duration lag = Duration.ZERO;
    private long received;
    private long queued;
    private long notCaptured;
    /** Tables known paused, read from the store at start and kept in step by this sink. */
    private final Set<String> paused = ConcurrentHashMap.newKeySet();
    /** Held while a batch is applied or a table resumed. */
    private final Object applying = new Object();

    /**
     * @param schemaCheck runs the schema check of one table, giving its problems as lines (empty: it fits)
     * @param reconciler  this process's reconciler, or null
     */
    public CaptureSink(List<CapturedTable<?, ?>> tables, Outbox outbox, TableRoutes routes, PauseStore pauses,
            Function<CapturedTable<?, ?>, List<String>> schemaCheck, Clock clock, Reconciler reconciler) {
        this.reconciler = reconciler;
        this.tables = List.copyOf(tables);
        this.outbox = outbox;
        this.routes = routes;
        this.pauses = pauses;
        this.schemaCheck = schemaCheck;
        this.clock = clock;
        pauses.paused().forEach(table -> paused.add(table.table()));
    }

    @Override
    public void accept(List<RowChange> batch) {
        synchronized (applying) {
            apply(batch);
        }
    }

    /**
     * Reads the routes of every table now; called before every batch and, by {@link dev.cutover.cdc.ChangeCapture},
     * several times a second, so that a flip is seen close to when it happened.
     */
    public void observeRoutes() {
        Instant now = clock.instant();
        for (CapturedTable<?, ?> table : tables) {
            boolean legacyPrimary = routes.captures(table.table());
            synchronized (directions) {
                directions.observe(table.table(), legacyPrimary, now);
            }
        }
    }

    private boolean captures(String table, Instant committedAt) {
        synchronized (directions) {
            return directions.captures(table, committedAt);
        }
    }

    private void apply(List<RowChange> batch) {
        observeRoutes();
        Map<Instant, Set<OutboxKey>> captured = new LinkedHashMap<>();
        long skipped = 0;
        for (RowChange change : batch) {
            CapturedTable<?, ?> table = tableOf(change);
            if (table == null) {
                continue;
            }
            String schemaEvent = SchemaEvents.describe(change);
            if (schemaEvent != null) {
                pause(table, schemaEvent + " at " + change.position());
                continue;
            }
            List<OutboxKey> keys;
            try {
                keys = keysOf(table, change);
            } catch (RuntimeException e) {
                pause(table, "a key it could not read at " + change.position() + " (" + e.getMessage() + "; fix the"
                        + " mapping or the feed's key handling, then resume; this change's row is then left to verify)");
                continue;
            }
            if (paused.contains(table.table())) {
                pauses.hold(table.table(), keys.stream().map(OutboxKey::key).toList(), change.committedAt(), change.position());
            } else if (captures(table.table(), change.committedAt())) {
                captured.computeIfAbsent(change.committedAt(), t -> new LinkedHashSet<>()).addAll(keys);
            } else {
                skipped++;
            }
        }
        long recorded = record(captured);
        synchronized (this) {
            received += batch.size();
            queued += recorded;
            notCaptured += skipped;
        }
        if (!batch.isEmpty()) {
            RowChange last = batch.get(batch.size() - 1);
            position = last.position();
            lastCommittedAt = last.committedAt();
            Duration behind = Duration.between(last.committedAt(), clock.instant());
            lag = behind.isNegative() ? Duration.ZERO : behind;
        }
    }

    /**
     * Records keys in the outbox, one transaction for the batch, each group with its commit time, then hands the entries
     * to this process's reconciler, if it has one; how many.
     */
    private long record(Map<Instant, Set<OutboxKey>> captured) {
        if (captured.isEmpty()) {
            return 0;
        }
        List<OutboxEntry> entries = new ArrayList<>();
        UnitOfWork.run(() -> {
            captured.forEach((committedAt, keys) -> entries.addAll(outbox.record(List.copyOf(keys), committedAt)));
            return true;
        });
        if (reconciler != null) {
            reconciler.settleSoon(Backend.LEGACY, entries);
        }
        return entries.size();
    }

    private static List<OutboxKey> keysOf(CapturedTable<?, ?> table, RowChange change) {
        Set<OutboxKey> keys = new LinkedHashSet<>(2);
        if (!change.keyBefore().isEmpty()) {
            keys.add(table.outboxKey(change.keyBefore()));
        }
        if (!change.keyAfter().isEmpty()) {
            keys.add(table.outboxKey(change.keyAfter()));
        }
        return List.copyOf(keys);
    }

    /** The table of a log name, or null after counting it (a table no mapping covers) or for Cutover's own tables. */
    private CapturedTable<?, ?> tableOf(RowChange change) {
        String logTable = change.qualifiedTable();
        CapturedTable<?, ?> known = byLogName.get(logTable);
        if (known != null) {
            return known;
        }
        for (CapturedTable<?, ?> table : tables) {
            if (table.matches(change.schema(), change.table())) {
                byLogName.put(logTable, table);
                return table;
            }
        }
        if (SchemaEvents.isCutoversOwn(change.table())) {
            return null; // the outbox itself and Flyway's history: written by Cutover, never the application's rows
        }
        if (unmapped.merge(logTable, 1L, Long::sum) == 1L) {
            LOG.warn("Change capture received a change of legacy table {}, which no mapping covers: not applied, counted in"
                    + " status (unmappedTables). Map it, or leave it out of the feed's table list", logTable);
        }
        return null;
    }

    private void pause(CapturedTable<?, ?> table, String reason) {
        List<String> problems;
        try {
            problems = schemaCheck.apply(table);
        } catch (RuntimeException e) {
            problems = List.of("the schema check could not run: " + e.getMessage());
        }
        boolean already = paused.contains(table.table());
        pauses.pause(table.table(), table.binding().displayName(), reason, position, clock.instant(), problems);
        paused.add(table.table()); // once durable: a batch that fails before comes again and pauses it then
        LOG.warn("Change capture {} {} (legacy table {}): {}. Its changes are held, not applied and not dropped. Schema"
                + " check: {}. When the mapping fits again, resume it: cutover cdc resume {} (ChangeCapture.resume)",
                already ? "keeps paused" : "paused", table.table(), table.binding().displayName(), reason,
                problems.isEmpty() ? "fits" : String.join("; ", problems), table.table());
    }


    /**
     * Ends a table's pause: its held keys go to the outbox (those committed while its writes were routed to PostgreSQL
     * are not captured, as ever), then changes are applied again.
     *
     * @return how many held keys were recorded in the outbox
     * @throws IllegalArgumentException if no captured table has that name or it is not paused
     */
    public long resume(String table) {
        CapturedTable<?, ?> captured = tables.stream().filter(t -> t.table().equals(table)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No captured table is named '" + table + "'; captured: "
                        + tables.stream().map(CapturedTable::table).toList()));
        synchronized (applying) { // not while a batch is applied: keys it holds meanwhile would stay held
            if (pauses.paused().stream().noneMatch(p -> p.table().equals(table))) {
                throw new IllegalArgumentException("Table '" + table + "' is not paused; paused: "
                        + pauses.paused().stream().map(PausedTable::table).toList());
            }
            long recorded = 0;
            List<PauseStore.Held> held;
            while (!(held = pauses.held(table, RESUME_BATCH)).isEmpty()) {
                Map<Instant, Set<OutboxKey>> keys = new LinkedHashMap<>();
                for (PauseStore.Held key : held) {
                    if (captures(table, key.committedAt())) {
                        keys.computeIfAbsent(key.committedAt(), t -> new LinkedHashSet<>())
                                .add(new OutboxKey(captured.table(), key.key()));
                    }
                }
                recorded += record(keys);
                pauses.release(table, held.get(held.size() - 1).id());
            }
            pauses.unpause(table);
            paused.remove(table);
            synchronized (this) {
                queued += recorded;
            }
            LOG.info("Change capture resumed {}: {} held keys recorded in {}", table, recorded, outbox.description());
            return recorded;
        }
    }

    /** What the sink has done; the pauses as the store holds them. */
    public synchronized CaptureStatus status(CaptureStatus.State state, String failure) {
        List<PausedTable> pausedTables = pauses.paused();
        long held = pausedTables.stream().mapToLong(PausedTable::heldChanges).sum();
        return new CaptureStatus(state, position, lastCommittedAt, lag, held, received, queued, notCaptured,
                new HashMap<>(unmapped), new ArrayList<>(pausedTables), failure);
    }
}
