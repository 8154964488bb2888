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
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.sequences.SequenceMove;
import dev.cutover.tx.SqlFunction;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    private record Shape(List<String> order, List<ForeignKey> deferred, List<ForeignKey> enforced) {
    }

    /** The order and the keys to defer: those in cycles now, and those the run dropped before and not restored. */
    private Shape shape() {
        List<String> tables = List.copyOf(backfills.keySet());
        return inTransaction("reading the foreign keys", connection -> {
            List<ForeignKey> keys = ForeignKeys.among(connection, target.schema(), tables);
            List<ForeignKey> deferred = new ArrayList<>(ForeignKeys.inCycles(tables, keys));
            for (ForeignKey dropped : ForeignKeys.dropped(connection, run)) {
                if (deferred.stream().noneMatch(k -> k.table().equals(dropped.table()) && k.name().equals(dropped.name()))) {
                    deferred.add(dropped);
                }
            }
            List<ForeignKey> enforced = keys.stream().filter(k -> !deferred.contains(k)).toList();
            return new Shape(ForeignKeys.order(tables, enforced), deferred, enforced);
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
        Shape shape = shape();
        dropDeferred(shape.deferred());
        LOG.info("Schema backfill {}: {} tables in the order {}, {} at once; {} foreign keys deferred", run,
                backfills.size(), shape.order(), tablesAtOnce, shape.deferred().size());
        Map<String, BackfillReport> byTable = new TableScheduler(shape.order(), shape.enforced(), tablesAtOnce)
                .run(table -> backfills.get(table).run());
        List<BackfillReport> reports = new ArrayList<>();
        List<SequenceMove> sequences = new ArrayList<>();
        for (String table : shape.order()) {
            reports.add(byTable.get(table));
            sequences.addAll(byTable.get(table).sequences());
        }
        List<ForeignKey> restored = new ArrayList<>();
        List<QuarantinedRow> orphans = new ArrayList<>();
        Map<String, RunContext<?, ?>> contexts = new LinkedHashMap<>();
        backfills.forEach((table, backfill) -> contexts.put(table, backfill.context()));
        Orphans restorer = new Orphans(target.schema(), run, contexts);
        for (ForeignKey key : deferred()) {
            List<QuarantinedRow> moved = inTransaction("restoring foreign key " + key.name() + " of " + key.table(),
                    connection -> restorer.restore(connection, key, config.clock().instant()));
            restored.add(key);
            orphans.addAll(moved);
            for (QuarantinedRow row : moved) {
                config.listener().onQuarantined(row);
            }
            LOG.info("Schema backfill {}: foreign key {} of {} restored and validated; {} rows it refused quarantined", run,
                    key.name(), key.table(), moved.size());
        }
        return new SchemaBackfillReport(run, shape.order(), reports, restored, orphans, sequences);
    }

    /** The keys this run dropped and has not restored yet. */
    private List<ForeignKey> deferred() {
        return inTransaction("reading the dropped foreign keys", connection -> ForeignKeys.dropped(connection, run));
    }

    /** Records and drops the keys no order satisfies; one transaction, serialised between processes of the run. */
    private void dropDeferred(List<ForeignKey> keys) {
        if (keys.isEmpty()) {
            return;
        }
        Instant now = config.clock().instant();
        inTransaction("dropping the foreign keys in cycles", connection -> {
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
                lock.setString(1, "cutover.schema-backfill/" + run);
                lock.execute();
            }
            List<ForeignKey> current = ForeignKeys.among(connection, target.schema(), backfills.keySet());
            for (ForeignKey key : keys) {
                if (current.contains(key)) { // else dropped before: already recorded
                    ForeignKeys.drop(connection, target.schema(), run, key, now);
                    LOG.info("Schema backfill {}: dropped foreign key {} of {} ({}) while copying: it is in a cycle", run,
                            key.name(), key.table(), key.definition());
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
