package dev.cutover.backfill.internal;

import dev.cutover.backfill.BackfillPlan;
import dev.cutover.backfill.BackfillStatus;
import dev.cutover.backfill.QuarantinedRow;
import dev.cutover.mapping.Column;
import dev.cutover.mapping.spi.KeyJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL of {@code cutover.backfill_runs}, {@code _chunks} and {@code _quarantine} for one run and entity. Thread-safe. */
final class ChunkTable {
    private static final String RUN_COLUMNS = "run, entity, source, target_table, chunk_size, chunks, rows_estimate, planned_by, planned_at";

    private final String run;
    private final String entity;
    private final List<Column> keyColumns;

    ChunkTable(String run, String entity, List<Column> keyColumns) {
        this.run = run;
        this.entity = entity;
        this.keyColumns = keyColumns;
    }

    record Chunk(int number, Object[] lower, Object[] upper) {
    }

    /** Serialises planners of this run across processes, until the transaction ends. */
    void lockPlanning(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
            statement.setString(1, "cutover.backfill/" + run + "/" + entity);
            statement.execute();
        }
    }

    Optional<BackfillPlan> findPlan(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + RUN_COLUMNS
                + " FROM cutover.backfill_runs WHERE run = ? AND entity = ?")) {
            statement.setString(1, run);
            statement.setString(2, entity);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? Optional.of(plan(result)) : Optional.empty();
            }
        }
    }

    /** Every run of an entity, oldest first. */
    static List<BackfillPlan> plans(Connection connection, String entity) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + RUN_COLUMNS
                + " FROM cutover.backfill_runs WHERE entity = ? ORDER BY planned_at, run")) {
            statement.setString(1, entity);
            List<BackfillPlan> plans = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    plans.add(plan(result));
                }
            }
            return plans;
        }
    }

    private static BackfillPlan plan(ResultSet result) throws SQLException {
        return new BackfillPlan(result.getString(1), result.getString(2), result.getString(3), result.getString(4),
                result.getInt(5), result.getInt(6), result.getLong(7), result.getString(8),
                result.getObject(9, OffsetDateTime.class).toInstant());
    }

    /** A finished chunk's range, its row locked until the transaction ends; empty if the chunk is not done. */
    Optional<Chunk> lockDone(Connection connection, int chunk) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT lower_key::text, upper_key::text "
                + "FROM cutover.backfill_chunks WHERE run = ? AND entity = ? AND chunk = ? AND status = 'done' FOR UPDATE")) {
            statement.setString(1, run);
            statement.setString(2, entity);
            statement.setInt(3, chunk);
            try (ResultSet result = statement.executeQuery()) {
                if (!result.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Chunk(chunk, KeyJson.decode(result.getString(1), keyColumns),
                        KeyJson.decode(result.getString(2), keyColumns)));
            }
        }
    }

    /** After a retry: the chunk's counts moved by what it did. */
    void addCounts(Connection connection, int chunk, long copied, long skipped, long quarantined) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("UPDATE cutover.backfill_chunks SET "
                + "rows_copied = rows_copied + ?, rows_skipped = rows_skipped + ?, rows_quarantined = rows_quarantined + ? "
                + "WHERE run = ? AND entity = ? AND chunk = ?")) {
            statement.setLong(1, copied);
            statement.setLong(2, skipped);
            statement.setLong(3, quarantined);
            statement.setString(4, run);
            statement.setString(5, entity);
            statement.setInt(6, chunk);
            statement.executeUpdate();
        }
    }

    /** Removes rows from the quarantine by their keys (as JSON arrays). */
    void unquarantine(Connection connection, List<String> keys) throws SQLException {
        if (keys.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement("DELETE FROM cutover.backfill_quarantine "
                + "WHERE run = ? AND entity = ? AND key = CAST(? AS jsonb)")) {
            for (String key : keys) {
                statement.setString(1, run);
                statement.setString(2, entity);
                statement.setString(3, key);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    void insertPlan(Connection connection, BackfillPlan plan, List<Object[]> boundaries) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO cutover.backfill_runs (" + RUN_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            statement.setString(1, run);
            statement.setString(2, entity);
            statement.setString(3, plan.source());
            statement.setString(4, plan.targetTable());
            statement.setInt(5, plan.chunkSize());
            statement.setInt(6, plan.chunks());
            statement.setLong(7, plan.rowsEstimate());
            statement.setString(8, plan.plannedBy());
            statement.setObject(9, OffsetDateTime.ofInstant(plan.plannedAt(), ZoneOffset.UTC));
            statement.executeUpdate();
        }
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO cutover.backfill_chunks "
                + "(run, entity, chunk, lower_key, upper_key) VALUES (?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb))")) {
            for (int chunk = 0; chunk <= boundaries.size(); chunk++) {
                statement.setString(1, run);
                statement.setString(2, entity);
                statement.setInt(3, chunk);
                statement.setString(4, chunk == 0 ? null : KeyJson.encode(boundaries.get(chunk - 1)));
                statement.setString(5, chunk == boundaries.size() ? null : KeyJson.encode(boundaries.get(chunk)));
                statement.addBatch();
                if (chunk % 1000 == 999) {
                    statement.executeBatch();
                }
            }
            statement.executeBatch();
        }
    }

    /** Claims the first pending chunk, or one whose lease expired, skipping chunks a worker is working on. */
    Optional<Chunk> claim(Connection connection, String owner, Instant now, Instant leaseUntil) throws SQLException {
        String sql = """
                UPDATE cutover.backfill_chunks
                SET status = 'leased', lease_owner = ?, lease_expires_at = ?, attempts = attempts + 1
                WHERE (run, entity, chunk) = (
                    SELECT run, entity, chunk FROM cutover.backfill_chunks
                    WHERE run = ? AND entity = ? AND status <> 'done'
                      AND (status = 'pending' OR lease_expires_at <= ?)
                    ORDER BY chunk LIMIT 1
                    FOR UPDATE SKIP LOCKED)
                RETURNING chunk, lower_key::text, upper_key::text""";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, owner);
            statement.setObject(2, OffsetDateTime.ofInstant(leaseUntil, ZoneOffset.UTC));
            statement.setString(3, run);
            statement.setString(4, entity);
            statement.setObject(5, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            try (ResultSet result = statement.executeQuery()) {
                if (!result.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Chunk(result.getInt(1), KeyJson.decode(result.getString(2), keyColumns),
                        KeyJson.decode(result.getString(3), keyColumns)));
            }
        }
    }

    /**
     * Locks the chunk's row for the chunk's transaction if this owner still holds its lease: while the lock is
     * held no other worker can claim it, whatever the lease's expiry, and if this worker dies the lock goes with
     * its connection.
     */
    boolean lockOwned(Connection connection, int chunk, String owner) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM cutover.backfill_chunks "
                + "WHERE run = ? AND entity = ? AND chunk = ? AND status = 'leased' AND lease_owner = ? FOR UPDATE")) {
            statement.setString(1, run);
            statement.setString(2, entity);
            statement.setInt(3, chunk);
            statement.setString(4, owner);
            try (ResultSet result = statement.executeQuery()) {
                return result.next();
            }
        }
    }

    void complete(Connection connection, int chunk, String owner, long copied, long skipped, long quarantined, Instant now)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                UPDATE cutover.backfill_chunks
                SET status = 'done', rows_copied = ?, rows_skipped = ?, rows_quarantined = ?, done_by = ?, done_at = ?,
                    lease_owner = NULL, lease_expires_at = NULL
                WHERE run = ? AND entity = ? AND chunk = ? AND lease_owner = ?""")) {
            statement.setLong(1, copied);
            statement.setLong(2, skipped);
            statement.setLong(3, quarantined);
            statement.setString(4, owner);
            statement.setObject(5, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            statement.setString(6, run);
            statement.setString(7, entity);
            statement.setInt(8, chunk);
            statement.setString(9, owner);
            if (statement.executeUpdate() != 1) {
                throw new SQLException("Chunk " + chunk + " of backfill run " + run + " (" + entity
                        + ") is no longer leased by " + owner, "40001");
            }
        }
    }

    /** Gives a chunk back after a failure, so that any worker may retry it at once. */
    void release(Connection connection, int chunk, String owner) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("UPDATE cutover.backfill_chunks "
                + "SET status = 'pending', lease_owner = NULL, lease_expires_at = NULL "
                + "WHERE run = ? AND entity = ? AND chunk = ? AND status = 'leased' AND lease_owner = ?")) {
            statement.setString(1, run);
            statement.setString(2, entity);
            statement.setInt(3, chunk);
            statement.setString(4, owner);
            statement.executeUpdate();
        }
    }

    /** The number of the chunk whose range holds {@code key} (lower bound exclusive, upper inclusive), or -1. */
    int chunkOf(Connection connection, Object[] key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT chunk, lower_key::text, upper_key::text "
                + "FROM cutover.backfill_chunks WHERE run = ? AND entity = ? ORDER BY chunk")) {
            statement.setString(1, run);
            statement.setString(2, entity);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    Object[] lower = KeyJson.decode(result.getString(2), keyColumns);
                    Object[] upper = KeyJson.decode(result.getString(3), keyColumns);
                    if ((lower == null || KeyComparison.compare(key, lower) > 0)
                            && (upper == null || KeyComparison.compare(key, upper) <= 0)) {
                        return result.getInt(1);
                    }
                }
            }
        }
        return -1;
    }

    /** Removes a chunk's quarantine records (left by an attempt that stopped the run) before it is done again. */
    void forgetQuarantined(Connection connection, int chunk) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "DELETE FROM cutover.backfill_quarantine WHERE run = ? AND entity = ? AND chunk = ?")) {
            statement.setString(1, run);
            statement.setString(2, entity);
            statement.setInt(3, chunk);
            statement.executeUpdate();
        }
    }

    void quarantine(Connection connection, List<QuarantinedRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO cutover.backfill_quarantine (run, entity, key, chunk, reason, sqlstate, raw_value, quarantined_at)
                VALUES (?, ?, CAST(? AS jsonb), ?, ?, ?, ?, ?)
                ON CONFLICT (run, entity, key) DO UPDATE SET chunk = EXCLUDED.chunk, reason = EXCLUDED.reason,
                    sqlstate = EXCLUDED.sqlstate, raw_value = EXCLUDED.raw_value, quarantined_at = EXCLUDED.quarantined_at""")) {
            for (QuarantinedRow row : rows) {
                statement.setString(1, run);
                statement.setString(2, entity);
                statement.setString(3, row.key());
                statement.setInt(4, row.chunk());
                statement.setString(5, row.reason());
                statement.setString(6, row.sqlState());
                statement.setString(7, row.rawValue());
                statement.setObject(8, OffsetDateTime.ofInstant(row.quarantinedAt(), ZoneOffset.UTC));
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    List<QuarantinedRow> quarantined(Connection connection) throws SQLException {
        List<QuarantinedRow> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT key::text, chunk, reason, sqlstate, raw_value, "
                + "quarantined_at FROM cutover.backfill_quarantine WHERE run = ? AND entity = ? ORDER BY chunk, key")) {
            statement.setString(1, run);
            statement.setString(2, entity);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    Timestamp at = result.getTimestamp(6);
                    rows.add(new QuarantinedRow(run, entity, result.getString(1), result.getInt(2), result.getString(3),
                            result.getString(4), result.getString(5), at.toInstant()));
                }
            }
        }
        return rows;
    }

    BackfillStatus status(Connection connection, long rowsEstimate) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT count(*), count(*) FILTER (WHERE status = 'done'), count(*) FILTER (WHERE status = 'leased'),
                       count(*) FILTER (WHERE status = 'pending'), coalesce(sum(rows_copied), 0),
                       coalesce(sum(rows_skipped), 0), coalesce(sum(rows_quarantined), 0)
                FROM cutover.backfill_chunks WHERE run = ? AND entity = ?""")) {
            statement.setString(1, run);
            statement.setString(2, entity);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return new BackfillStatus(run, entity, result.getInt(1), result.getInt(2), result.getInt(3),
                        result.getInt(4), result.getLong(5), result.getLong(6), result.getLong(7), rowsEstimate);
            }
        }
    }
}
