package dev.cutover.postgres.outbox;

import dev.cutover.dual.Outbox;
import dev.cutover.dual.OutboxSql;
import dev.cutover.postgres.CutoverSchema;
import dev.cutover.postgres.PostgresAdapter;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * The outbox of writes with PostgreSQL as primary (route {@code postgres-dual}): the table {@code cutover.outbox},
 * created by {@link CutoverSchema} (migration V100), written through the adapter's connections so that an entry
 * commits or rolls back with the write it records.
 *
 * <pre>{@code
 * DualWrites.custom().outbox(PostgresOutbox.create(postgresAdapter))...
 * }</pre>
 *
 * <p>Thread-safe (stateless).
 */
public final class PostgresOutbox {
    /** The outbox table, qualified. */
    public static final String TABLE = CutoverSchema.SCHEMA + ".outbox";

    private PostgresOutbox() {
    }

    /**
     * Creates or upgrades the library's tables ({@link CutoverSchema#migrate(PostgresAdapter)}, safe from many
     * instances at once) and returns the outbox over {@value #TABLE}.
     */
    public static Outbox create(PostgresAdapter adapter) {
        Objects.requireNonNull(adapter, "adapter");
        CutoverSchema.migrate(adapter);
        return Outbox.table(adapter.connections(), sql(TABLE));
    }

    /** The outbox statements for a table of PostgreSQL (also a legacy PostgreSQL), as created by V100. */
    public static OutboxSql sql(String qualifiedTable) {
        return new PostgresOutboxSql(qualifiedTable);
    }

    private record PostgresOutboxSql(String table) implements OutboxSql {
        PostgresOutboxSql {
            Objects.requireNonNull(table, "table");
        }

        @Override
        public String databaseName() {
            return "PostgreSQL";
        }

        @Override
        public String insert() {
            return "INSERT INTO " + table + " (table_name, entity_key, created_at) VALUES (?, ?, ?)";
        }

        /** PgJDBC sends a multi-statement string in one round trip, and skips its own commit once idle. */
        @Override
        public String insertAndCommit(int rows) {
            return OutboxSql.insertValues(table, rows) + " RETURNING id, table_name, entity_key; COMMIT";
        }

        @Override
        public String insertReturning(int rows) {
            return OutboxSql.insertValues(table, rows) + " RETURNING id, entity_key";
        }

        @Override
        public Object timeValue(Instant time) {
            return OffsetDateTime.ofInstant(time, ZoneOffset.UTC);
        }

        @Override
        public String pending() {
            return "SELECT id, table_name, entity_key, created_at FROM " + table + " WHERE created_at < ? ORDER BY id LIMIT ?";
        }

        @Override
        public String entriesOf(int count) {
            StringJoiner keys = new StringJoiner(", ", "SELECT id, table_name, entity_key, created_at FROM " + table
                    + " WHERE table_name = ? AND entity_key IN (", ")");
            for (int i = 0; i < count; i++) {
                keys.add("?");
            }
            return keys.toString();
        }

        @Override
        public String delete(int count) {
            StringJoiner ids = new StringJoiner(", ", "DELETE FROM " + table + " WHERE id IN (", ")");
            for (int i = 0; i < count; i++) {
                ids.add("?");
            }
            return ids.toString();
        }

        @Override
        public String backlog() {
            return "SELECT count(*), min(created_at) FROM " + table;
        }

        @Override
        public void bindTime(PreparedStatement statement, int index, Instant time) throws SQLException {
            statement.setObject(index, timeValue(time));
        }

        @Override
        public Instant readTime(ResultSet resultSet, int index) throws SQLException {
            OffsetDateTime time = resultSet.getObject(index, OffsetDateTime.class);
            return time == null ? null : time.toInstant();
        }
    }
}
