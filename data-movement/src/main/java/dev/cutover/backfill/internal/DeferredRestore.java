package dev.cutover.backfill.internal;

import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import dev.cutover.backfill.ForeignKey;
import dev.cutover.backfill.QuarantinedRow;
import dev.cutover.backfill.internal.SecondaryIndexes.Index;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.tx.SqlFunction;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a schema run: builds the indexes it dropped and restores the foreign keys it dropped, several at once.
 * Keys are added back {@code NOT VALID} together (a short lock each), then validated in parallel, one job per
 * referencing table (two validations of one table would wait for each other); a key that finds rows without a parent
 * is restored alone afterwards by {@link Orphans}, which quarantines them. Each index and key is built or validated in
 * the transaction that deletes its record, so a run stopped at any instant does it again when run again.
 */
final class DeferredRestore {
    private static final Logger LOG = LoggerFactory.getLogger(dev.cutover.backfill.SchemaBackfill.class);

    private final String run;
    private final PostgresAdapter target;
    private final Orphans orphans;
    private final Clock clock;
    private final int atOnce;
    private final Object addingKeys = new Object();

    DeferredRestore(String run, PostgresAdapter target, Orphans orphans, Clock clock, int atOnce) {
        this.run = run;
        this.target = target;
        this.orphans = orphans;
        this.clock = clock;
        this.atOnce = atOnce;
    }

    /** Builds {@code indexes}, {@code atOnce} at a time. */
    void buildIndexes(List<Index> indexes) {
        Map<String, Index> byName = new LinkedHashMap<>();
        indexes.forEach(index -> byName.put(index.table() + "." + index.name(), index));
        inParallel(List.copyOf(byName.keySet()), name -> {
            buildIndex(byName.get(name));
            return Boolean.TRUE;
        });
    }

    /** Builds {@code index} again and forgets its record (unless another process of the run did). */
    void buildIndex(Index index) {
        long started = System.nanoTime();
        boolean built = inTransaction("building index " + index.name() + " of " + index.table(),
                connection -> SecondaryIndexes.restore(connection, target.schema(), run, index));
        LOG.info("Schema backfill {}: index {} of {} {} in {} ms", run, index.name(), index.table(),
                built ? "built" : "built by another process", (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Restores {@code keys} (the run's records, oldest first); returns the rows they refused, moved to the quarantine.
     * {@code why} tells for each key why it was dropped, for those rows' reason.
     */
    List<QuarantinedRow> restoreKeys(List<ForeignKey> keys, Function<ForeignKey, String> why) {
        if (keys.isEmpty()) {
            return List.of();
        }
        addNotValid(keys);
        Map<String, List<ForeignKey>> byTable = new LinkedHashMap<>();
        keys.forEach(key -> byTable.computeIfAbsent(key.table(), t -> new ArrayList<>()).add(key));
        List<ForeignKey> refused = new ArrayList<>();
        inParallel(List.copyOf(byTable.keySet()), table -> {
            for (ForeignKey key : byTable.get(table)) {
                if (!validate(key)) {
                    synchronized (refused) {
                        refused.add(key);
                    }
                }
            }
            return Boolean.TRUE; // the scheduler keeps one result per job
        });
        List<QuarantinedRow> moved = new ArrayList<>();
        for (ForeignKey key : keys) { // in the records' order, one at a time: quarantining follows rows across tables
            if (refused.contains(key)) {
                List<QuarantinedRow> rows = inTransaction("restoring foreign key " + key.name() + " of " + key.table(),
                        connection -> orphans.restore(connection, key, why.apply(key), clock.instant()));
                LOG.info("Schema backfill {}: foreign key {} of {} restored and validated; {} rows it refused quarantined",
                        run, key.name(), key.table(), rows.size());
                moved.addAll(rows);
            }
        }
        return moved;
    }

    /**
     * Adds {@code keys} back {@code NOT VALID} (those not there), in one short transaction. One such transaction at a
     * time: each locks two tables, and two of them locking a cycle's tables in opposite orders would deadlock.
     */
    void addNotValid(List<ForeignKey> keys) {
        synchronized (addingKeys) {
            inTransaction("adding the dropped foreign keys back NOT VALID", connection -> {
                for (ForeignKey key : keys) {
                    if (!orphans.exists(connection, key)) {
                        try (Statement statement = connection.createStatement()) {
                            statement.execute("ALTER TABLE " + Orphans.table(target.schema(), key.table()) + " ADD CONSTRAINT "
                                    + Orphans.quote(key.name()) + " " + key.definition() + " NOT VALID");
                        }
                    }
                }
                return null;
            });
        }
    }

    /** Validates {@code key} and forgets its record; false, with nothing changed, if rows lack their parent. */
    boolean validate(ForeignKey key) {
        long started = System.nanoTime();
        try {
            target.connections().inOwnTransaction(connection -> {
                if (ForeignKeys.forget(connection, run, key)) { // else another process of the run restored it
                    try (Statement statement = connection.createStatement()) {
                        // The check's join takes its work_mem from maintenance_work_mem: a parent's keys fit in memory.
                        statement.execute("SET LOCAL maintenance_work_mem = '" + SecondaryIndexes.WORK_MEM + "'");
                        statement.execute("ALTER TABLE " + Orphans.table(target.schema(), key.table())
                                + " VALIDATE CONSTRAINT " + Orphans.quote(key.name()));
                    }
                }
                return null;
            });
        } catch (SQLException e) {
            if ("23503".equals(e.getSQLState())) {
                return false;
            }
            throw failure("validating foreign key " + key.name() + " of " + key.table(), e);
        }
        LOG.info("Schema backfill {}: foreign key {} of {} validated in {} ms", run, key.name(), key.table(),
                (System.nanoTime() - started) / 1_000_000);
        return true;
    }

    private void inParallel(List<String> jobs, Function<String, Object> job) {
        new TableScheduler(jobs, List.of(), Math.max(1, Math.min(atOnce, jobs.size()))).run(job);
    }

    private <T> T inTransaction(String operation, SqlFunction<T> work) {
        try {
            return target.connections().inOwnTransaction(work);
        } catch (SQLException e) {
            throw failure(operation, e);
        }
    }

    private DataAccessException failure(String operation, SQLException e) {
        return new DataAccessException(Backend.POSTGRES, "Schema backfill " + run + ": " + operation + " failed: "
                + e.getMessage(), e);
    }
}
