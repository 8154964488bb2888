package dev.cutover.cdc.internal;

import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import dev.cutover.cdc.CaptureStatus.PausedTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import dev.cutover.postgres.CutoverSchema;
import dev.cutover.postgres.PostgresAdapter;
import javax.sql.DataSource;

/**
 * Paused tables and the keys held for them, in the target PostgreSQL ({@code cutover.cdc_paused_tables},
 * {@code cutover.cdc_held_keys}, migration V510), so that a pause and what it holds survive a restart: the feed commits
 * its position once a batch is durable, held keys included. Thread-safe (each call takes a connection of its own).
 */
public final class PauseStore {
    /** A held key: outbox key text of a mapping's table, with its change's commit time. */
    record Held(long id, String key, Instant committedAt) {
    }

    private final DataSource dataSource;

    private PauseStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The store in {@code postgres}, its tables created or upgraded first. */
    public static PauseStore create(PostgresAdapter postgres) {
        CutoverSchema.migrate(postgres);
        return new PauseStore(postgres.connections().dataSource());
    }

    /**
     * Pauses a table. A table paused already keeps its pause, with this reason added ({@code ...; then ...}) and the
     * schema check's latest findings (after a schema change that fixes the table, it says so).
     */
    void pause(String table, String legacyTable, String reason, String position, Instant at, List<String> schemaCheck) {
        update("pause " + table, """
                INSERT INTO cutover.cdc_paused_tables AS p (mapping_table, legacy_table, reason, position, paused_at, schema_check)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (mapping_table) DO UPDATE
                SET reason = p.reason || '; then ' || EXCLUDED.reason, schema_check = EXCLUDED.schema_check""",
                table, legacyTable, reason, position, Timestamp.from(at), String.join("\n", schemaCheck));
    }

    /** Holds keys of a paused table, in one transaction. */
    void hold(String table, List<String> keys, Instant committedAt, String position) {
        call("hold keys of " + table, connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO cutover.cdc_held_keys"
                    + " (mapping_table, entity_key, committed_at, position) VALUES (?, ?, ?, ?)")) {
                for (String key : keys) {
                    insert.setString(1, table);
                    insert.setString(2, key);
                    insert.setTimestamp(3, Timestamp.from(committedAt));
                    insert.setString(4, position);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    /** Every paused table, with the number of keys held for it, oldest pause first. */
    List<PausedTable> paused() {
        return call("read paused tables", connection -> {
            List<PausedTable> paused = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT p.mapping_table, p.legacy_table, p.reason, p.paused_at, p.schema_check,
                           (SELECT count(*) FROM cutover.cdc_held_keys h WHERE h.mapping_table = p.mapping_table)
                    FROM cutover.cdc_paused_tables p ORDER BY p.paused_at, p.mapping_table""");
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String check = rows.getString(5);
                    paused.add(new PausedTable(rows.getString(1), rows.getString(2), rows.getString(3),
                            rows.getTimestamp(4).toInstant(), rows.getLong(6),
                            check.isEmpty() ? List.of() : Arrays.asList(check.split("\n"))));
                }
            }
            return paused;
        });
    }

    /** Up to {@code limit} keys held for {@code table}, in the order received. */
    List<Held> held(String table, int limit) {
        return call("read held keys of " + table, connection -> {
            List<Held> held = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT id, entity_key, committed_at FROM"
                    + " cutover.cdc_held_keys WHERE mapping_table = ? ORDER BY id LIMIT ?")) {
                select.setString(1, table);
                select.setInt(2, limit);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        held.add(new Held(rows.getLong(1), rows.getString(2), rows.getTimestamp(3).toInstant()));
                    }
                }
            }
            return held;
        });
    }

    /** Forgets held keys up to {@code lastId} (once they are in the outbox). */
    void release(String table, long lastId) {
        update("release held keys of " + table, "DELETE FROM cutover.cdc_held_keys WHERE mapping_table = ? AND id <= ?",
                table, lastId);
    }

    /** Ends a table's pause (once every held key is in the outbox). */
    boolean unpause(String table) {
        return update("resume " + table, "DELETE FROM cutover.cdc_paused_tables WHERE mapping_table = ?", table) > 0;
    }

    private int update(String what, String sql, Object... parameters) {
        return call(what, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    statement.setObject(i + 1, parameters[i]);
                }
                return statement.executeUpdate();
            }
        });
    }

    private interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    private <T> T call(String what, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.apply(connection);
        } catch (SQLException e) {
            throw new DataAccessException(Backend.POSTGRES, "Change capture could not " + what + " in cutover.cdc_paused_tables"
                    + " / cdc_held_keys: " + e.getMessage(), e);
        }
    }
}
