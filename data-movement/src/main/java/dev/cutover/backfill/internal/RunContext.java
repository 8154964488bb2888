package dev.cutover.backfill.internal;

import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import dev.cutover.backfill.BackfillConfig;
import dev.cutover.backfill.BackfillSource;
import dev.cutover.mapping.Column;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.tx.SqlFunction;
import dev.cutover.tx.TransactionalConnections;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What every part of one backfill shares, fixed when it is created: the run, the source, the mapping's columns and
 * rules, the target, the configuration and the run's tables. Immutable and thread-safe.
 */
final class RunContext<E, K> {
    final String run;
    final String entity;
    final BackfillSource<E, K> source;
    final EntityMapping<E, K> mapping;
    final List<Column> columns;
    final int[] keyIndexes;
    /** Cleaning rule per column position, {@code null} where none. */
    final List<UnaryOperator<Object>> rules;
    final String targetTable;
    final PostgresAdapter adapter;
    final TransactionalConnections target;
    final BackfillConfig config;
    final ChunkTable chunks;
    final ChunkWriter writer;
    /** How chunks are copied straight from the legacy table, or {@code null}: value by value. */
    final PassThrough passThrough;

    RunContext(String run, BackfillSource<E, K> source, PostgresAdapter adapter, BackfillConfig config,
            List<UnaryOperator<Object>> rules, PassThrough passThrough) {
        this.passThrough = passThrough;
        this.run = run;
        this.source = source;
        this.mapping = source.mapping();
        this.entity = mapping.table();
        this.columns = mapping.columns();
        this.keyIndexes = mapping.keyColumns().stream().mapToInt(c -> mapping.indexOf(c.name())).toArray();
        this.rules = rules;
        this.targetTable = adapter.schema() + "." + mapping.table();
        this.adapter = adapter;
        this.target = adapter.connections();
        this.config = config;
        this.chunks = new ChunkTable(run, entity, mapping.keyColumns());
        this.writer = new ChunkWriter(adapter.schema(), mapping.table(), columns, config.liveSafety());
    }

    Object[] keyOf(Object[] values) {
        Object[] key = new Object[keyIndexes.length];
        for (int k = 0; k < key.length; k++) {
            key[k] = values[keyIndexes[k]];
        }
        return key;
    }

    String describe(Object[] key) {
        if (key.length == 1) {
            return String.valueOf(key[0]);
        }
        StringBuilder text = new StringBuilder("(");
        for (int k = 0; k < key.length; k++) {
            text.append(k == 0 ? "" : ", ").append(columns.get(keyIndexes[k]).name()).append('=').append(key[k]);
        }
        return text.append(')').toString();
    }

    /**
     * Lets the transaction commit without waiting for its WAL to reach disk. Safe here: a chunk's rows and its
     * checkpoint are one transaction, so a server crash that loses it loses both, and the chunk is simply done
     * again; a lost claim leaves the chunk pending. It saves a disk flush per chunk (per 10,000 rows by default).
     */
    static Connection relaxed(Connection connection) throws SQLException {
        try (java.sql.Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL synchronous_commit TO off");
        }
        return connection;
    }

    <T> T inTransaction(String operation, SqlFunction<T> work) {
        try {
            // Its own transaction, never a caller's unit of work: each chunk's commit is a checkpoint.
            return target.inOwnTransaction(work);
        } catch (SQLException e) {
            throw new DataAccessException(Backend.POSTGRES, "Backfill " + run + " of " + entity + ": " + operation
                    + " failed: " + e.getMessage(), e);
        }
    }
}
