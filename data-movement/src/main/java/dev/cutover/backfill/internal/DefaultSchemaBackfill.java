package dev.cutover.backfill.internal;

import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import dev.cutover.backfill.Backfill;
import dev.cutover.backfill.BackfillConfig;
import dev.cutover.backfill.BackfillReport;
import dev.cutover.backfill.BackfillSource;
import dev.cutover.backfill.ForeignKey;
import dev.cutover.backfill.QuarantinedRow;
import dev.cutover.backfill.SchemaBackfill;
import dev.cutover.backfill.SchemaBackfillReport;
import dev.cutover.backfill.internal.SecondaryIndexes.Index;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.sequences.SequenceMove;
import dev.cutover.tx.SqlFunction;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link SchemaBackfill} of {@link SchemaBackfill#of}. Thread-safe: its state is in the target's tables. */
public final class DefaultSchemaBackfill implements SchemaBackfill {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaBackfill.class);

    private final String run;
    private final PostgresAdapter target;
    private final BackfillConfig config;
    /** The tables' backfills, in the order given. */
    private final Map<String, DefaultBackfill<?, ?>> backfills;

    private DefaultSchemaBackfill(String run, PostgresAdapter target, BackfillConfig config,
            Map<String, DefaultBackfill<?, ?>> backfills) {
        this.run = run;
        this.target = target;
        this.config = config;
        this.backfills = backfills;
    }

    public static DefaultSchemaBackfill create(String run, List<? extends BackfillSource<?, ?>> sources,
            PostgresAdapter target, BackfillConfig config) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("A schema backfill needs at least one source, was none");
        }
        Map<String, DefaultBackfill<?, ?>> backfills = new LinkedHashMap<>();
        for (BackfillSource<?, ?> source : sources) {
            String table = source.mapping().table();
            if (backfills.containsKey(table)) {
                throw new IllegalArgumentException("Two sources of table " + table + " in one schema backfill; give each "
                        + "table once");
            }
            backfills.put(table, DefaultBackfill.create(run, source, target, config));
        }
        return new DefaultSchemaBackfill(run, target, config, backfills);
    }

    /**
     * The order, the keys to defer (those in cycles now, those of tables a bulk load takes, and those the run dropped
     * before and has not restored), the indexes to defer and the keys left enforced while copying.
     */
    private record Shape(List<String> order, List<ForeignKey> deferred, List<ForeignKey> enforced, List<Index> indexes,
            List<String> bulk) {
    }

    private Shape shape() {
        List<String> tables = List.copyOf(backfills.keySet());
        return inTransaction("reading the foreign keys", connection -> {
            List<ForeignKey> keys = ForeignKeys.among(connection, target.schema(), tables);
            List<String> bulk = config.bulkLoad() ? BulkLoad.emptyAndNew(connection, target.schema(), run, tables) : List.of();
            List<ForeignKey> deferred = new ArrayList<>(ForeignKeys.inCycles(tables, keys));
            keys.stream().filter(k -> bulk.contains(k.table()) && !deferred.contains(k)).forEach(deferred::add);
            for (ForeignKey dropped : ForeignKeys.dropped(connection, run)) {
                if (deferred.stream().noneMatch(k -> k.table().equals(dropped.table()) && k.name().equals(dropped.name()))) {
                    deferred.add(dropped);
                }
            }
            List<Index> indexes = new ArrayList<>(SecondaryIndexes.dropped(connection, run));
            if (!bulk.isEmpty()) {
                SecondaryIndexes.of(connection, target.schema(), bulk).stream().filter(i -> !indexes.contains(i))
                        .forEach(indexes::add);
            }
            List<ForeignKey> enforced = keys.stream().filter(k -> !deferred.contains(k)).toList();
            return new Shape(ForeignKeys.order(tables, enforced), deferred, enforced, indexes, bulk);
        });
    }

    @Override
    public List<String> order() {
        return shape().order();
    }

    @Override
    public List<ForeignKey> deferredForeignKeys() {
        return shape().deferred();
    }

    @Override
    public Backfill<?, ?> backfill(String table) {
        DefaultBackfill<?, ?> backfill = backfills.get(table);
        if (backfill == null) {
            throw new IllegalArgumentException("Table '" + table + "' is not one of this backfill's tables; they are: "
                    + String.join(", ", backfills.keySet()));
        }
        return backfill;
    }

    @Override
    public SchemaBackfillReport run() {
        return run(1);
    }

    @Override
    public SchemaBackfillReport run(int tablesAtOnce) {
        if (tablesAtOnce < 1 || tablesAtOnce > 64) {
            throw new IllegalArgumentException("tablesAtOnce must be between 1 and 64, was '" + tablesAtOnce + "'");
        }
        Map<String, Duration> phases = new LinkedHashMap<>();
        long started = System.nanoTime();
        Shape shape = shape();
        started = lap(phases, "catalog read", started);
        dropDeferred(shape);
        started = lap(phases, "keys and indexes dropped", started);
        LOG.info("Schema backfill {}: {} tables in the order {}, {} at once; {} foreign keys and {} indexes deferred; "
                + "bulk-loading {}", run, backfills.size(), shape.order(), tablesAtOnce, shape.deferred().size(),
                shape.indexes().size(), shape.bulk());
        Map<String, RunContext<?, ?>> contexts = new LinkedHashMap<>();
        backfills.forEach((table, backfill) -> contexts.put(table, backfill.context()));
        DeferredRestore restore = new DeferredRestore(run, target, new Orphans(target.schema(), run, contexts),
                config.clock(), Math.max(tablesAtOnce, config.workers()));
        List<ForeignKey> restored = deferred(); // the run's records: every key dropped, now or by an earlier attempt
        AtomicLong planning = new AtomicLong();
        Map<String, BackfillReport> byTable;
        try (BackgroundRestore background = new BackgroundRestore(Math.max(tablesAtOnce, config.workers()), restore,
                recordedIndexes(), restored)) {
            byTable = new TableScheduler(shape.order(), shape.enforced(), tablesAtOnce).run(table -> {
                long planStarted = System.nanoTime();
                backfills.get(table).plan();
                planning.addAndGet(System.nanoTime() - planStarted);
                BackfillReport report = backfills.get(table).run();
                if (report.chunksRemaining() == 0) { // copied: its indexes and ready keys come back while others copy
                    background.copied(table);
                }
                return report;
            });
            started = lap(phases, "tables copied", started);
            background.awaitAll();
            phases.put("planning, summed over tables", Duration.ofNanos(planning.get()));
            phases.put("index builds, summed", Duration.ofNanos(background.indexNanos()));
            phases.put("key restores while copying, summed", Duration.ofNanos(background.keyNanos()));
        }
        restore.buildIndexes(recordedIndexes()); // those of tables another process finished, if any
        started = lap(phases, "indexes and keys restored after the copy", started);
        List<BackfillReport> reports = new ArrayList<>();
        List<SequenceMove> sequences = new ArrayList<>();
        for (String table : shape.order()) {
            reports.add(byTable.get(table));
            sequences.addAll(byTable.get(table).sequences());
        }
        Set<ForeignKey> cyclic = new HashSet<>(ForeignKeys.inCycles(List.copyOf(backfills.keySet()), allKeys(restored)));
        // Those left: keys that found rows without a parent (quarantined now) and keys of tables copied elsewhere.
        List<QuarantinedRow> orphans = restore.restoreKeys(deferred(), key -> cyclic.contains(key)
                ? "they reference each other" : "its table was empty, so loaded in bulk");
        orphans.forEach(config.listener()::onQuarantined);
        lap(phases, "foreign keys left restored", started);
        LOG.info("Schema backfill {}: done; {}", run, phases);
        return new SchemaBackfillReport(run, shape.order(), reports, restored, orphans, sequences, phases);
    }

    private static long lap(Map<String, Duration> phases, String phase, long started) {
        long now = System.nanoTime();
        phases.put(phase, Duration.ofNanos(now - started));
        return now;
    }

    /** The keys among the tables now in the catalog and those {@code dropped}. */
    private List<ForeignKey> allKeys(List<ForeignKey> dropped) {
        List<ForeignKey> keys = new ArrayList<>(inTransaction("reading the foreign keys",
                connection -> ForeignKeys.among(connection, target.schema(), backfills.keySet())));
        dropped.stream().filter(k -> !keys.contains(k)).forEach(keys::add);
        return keys;
    }

    private List<Index> recordedIndexes() {
        return inTransaction("reading the dropped indexes", connection -> SecondaryIndexes.dropped(connection, run));
    }

    /** The keys this run dropped and has not restored yet. */
    private List<ForeignKey> deferred() {
        return inTransaction("reading the dropped foreign keys", connection -> ForeignKeys.dropped(connection, run));
    }

    /**
     * Records and drops the keys and indexes to defer (those still there); one transaction, serialised between
     * processes of the run.
     */
    private void dropDeferred(Shape shape) {
        if (shape.deferred().isEmpty() && shape.indexes().isEmpty()) {
            return;
        }
        Instant now = config.clock().instant();
        inTransaction("dropping the deferred foreign keys and indexes", connection -> {
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
                lock.setString(1, "cutover.schema-backfill/" + run);
                lock.execute();
            }
            List<ForeignKey> current = ForeignKeys.among(connection, target.schema(), backfills.keySet());
            for (ForeignKey key : shape.deferred()) {
                if (current.contains(key)) { // else dropped before: already recorded
                    ForeignKeys.drop(connection, target.schema(), run, key, now);
                    LOG.info("Schema backfill {}: dropped foreign key {} of {} ({}) while copying: {}", run, key.name(),
                            key.table(), key.definition(), shape.bulk().contains(key.table()) ? "its table is loaded in bulk"
                                    : "it is in a cycle");
                }
            }
            if (!shape.bulk().isEmpty()) {
                List<Index> present = SecondaryIndexes.of(connection, target.schema(), shape.bulk());
                for (Index index : shape.indexes()) {
                    if (present.contains(index)) { // else dropped before: already recorded
                        SecondaryIndexes.drop(connection, target.schema(), run, index, now);
                    }
                }
            }
            return null;
        });
    }

    private <T> T inTransaction(String operation, SqlFunction<T> work) {
        try {
            return target.connections().inOwnTransaction(work);
        } catch (SQLException e) {
            throw new DataAccessException(Backend.POSTGRES, "Schema backfill " + run + ": " + operation + " failed: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "SchemaBackfill[" + run + ", " + backfills.keySet() + "]";
    }
}
