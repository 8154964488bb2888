package dev.cutover.backfill.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The secondary indexes a bulk load drops from an empty table and builds again after the copy, as pgcopydb does:
 * those that are neither unique nor behind a constraint (the primary key, unique and exclusion constraints stay, since
 * inserting only what is missing relies on them); and the run's record of those it dropped. Stateless.
 */
final class SecondaryIndexes {
    /** One index: its table, its name and its {@code pg_get_indexdef} (schema-qualified, so it can run anywhere). */
    record Index(String table, String name, String definition) {
    }

    /** Memory for one index build or key validation: sorting or hashing in memory is most of what loading first saves. */
    static final String WORK_MEM = "128MB";

    private static final String CATALOG = """
            SELECT t.relname, i.relname, pg_get_indexdef(x.indexrelid)
            FROM pg_index x
            JOIN pg_class i ON i.oid = x.indexrelid
            JOIN pg_class t ON t.oid = x.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = ? AND t.relname = ANY (?) AND NOT x.indisunique AND NOT x.indisprimary
              AND NOT x.indisexclusion AND x.indisvalid
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
            ORDER BY t.relname, i.relname""";

    private SecondaryIndexes() {
    }

    /** The droppable indexes of {@code tables}. */
    static List<Index> of(Connection connection, String schema, Collection<String> tables) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL search_path = pg_catalog"); // the definitions name the schema
        }
        List<Index> indexes = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(CATALOG)) {
            statement.setString(1, schema);
            statement.setArray(2, connection.createArrayOf("text", tables.toArray()));
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    indexes.add(new Index(result.getString(1), result.getString(2), result.getString(3)));
                }
            }
        }
        return indexes;
    }

    /** The indexes run {@code run} dropped and has not built again yet. */
    static List<Index> dropped(Connection connection, String run) throws SQLException {
        List<Index> indexes = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT table_name, index_name, definition "
                + "FROM cutover.backfill_deferred_indexes WHERE run = ? ORDER BY table_name, index_name")) {
            statement.setString(1, run);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    indexes.add(new Index(result.getString(1), result.getString(2), result.getString(3)));
                }
            }
        }
        return indexes;
    }

    /** Records the index, then drops it: in the caller's transaction, so both happen or neither. */
    static void drop(Connection connection, String schema, String run, Index index, Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO cutover.backfill_deferred_indexes "
                + "(run, table_name, index_name, definition, dropped_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            statement.setString(1, run);
            statement.setString(2, index.table());
            statement.setString(3, index.name());
            statement.setString(4, index.definition());
            statement.setObject(5, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            statement.executeUpdate();
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP INDEX " + Orphans.table(schema, index.name()));
        }
    }

    /**
     * Builds the index again and forgets the record, in the caller's transaction; returns false if another process of
     * the run built it first. A server crash in between leaves both or neither.
     */
    static boolean restore(Connection connection, String schema, String run, Index index) throws SQLException {
        // Deleting the record first holds its row until commit: another process of the run waits, then finds none.
        try (PreparedStatement statement = connection.prepareStatement("DELETE FROM cutover.backfill_deferred_indexes "
                + "WHERE run = ? AND table_name = ? AND index_name = ?")) {
            statement.setString(1, run);
            statement.setString(2, index.table());
            statement.setString(3, index.name());
            if (statement.executeUpdate() == 0) {
                return false;
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL maintenance_work_mem = '" + WORK_MEM + "'");
            if (!exists(connection, schema, index.name())) {
                statement.execute(index.definition());
            }
        }
        return true;
    }

    private static boolean exists(Connection connection, String schema, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM pg_class c JOIN pg_namespace n "
                + "ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?")) {
            statement.setString(1, schema);
            statement.setString(2, name);
            try (ResultSet result = statement.executeQuery()) {
                return result.next();
            }
        }
    }
}
