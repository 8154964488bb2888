package dev.cutover.legacy.outbox;

import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import dev.cutover.dual.Outbox;
import dev.cutover.dual.OutboxSql;
import dev.cutover.dual.internal.InStatementOutboxSql;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyDialect;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.StringJoiner;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The outbox of writes with legacy as primary (route {@code legacy-dual}): the table {@value #TABLE} in the legacy
 * database's default schema, created by a Flyway migration shipped under {@value #LOCATION}{@code /<dialect>}
 * (history table {@value #HISTORY_TABLE}), written through the adapter's connections so that an entry commits or
 * rolls back with the write it records.
 *
 * <pre>{@code
 * DualWrites.custom().outbox(LegacyOutbox.create(legacyAdapter))...
 * }</pre>
 *
 * <p>Where the library may not create tables in the legacy database, use a journal instead:
 * {@code Outbox.journal(Backend.LEGACY, path)}. Dialects supported here: PostgreSQL.
 *
 * <p>Thread-safe (stateless).
 */
public final class LegacyOutbox {
    /** The outbox table, in the legacy database's default schema. */
    public static final String TABLE = "cutover_outbox";
    /** Where the migrations are, on the classpath; one folder per dialect ({@code postgresql}). */
    public static final String LOCATION = "classpath:db/cutover/legacy";
    /** Flyway's history table for the library's legacy migrations. */
    public static final String HISTORY_TABLE = "cutover_legacy_schema_history";

    private LegacyOutbox() {
    }

    /**
     * Creates the outbox table if it is missing (safe from many instances at once: Flyway locks) and returns the
     * outbox over it.
     *
     * @throws DataAccessException if the table cannot be created: the message says to use a journal where the
     *     library may not create tables
     * @throws IllegalArgumentException if the adapter's dialect has no outbox yet
     */
    public static Outbox create(LegacyAdapter adapter) {
        Objects.requireNonNull(adapter, "adapter");
        OutboxSql sql = sql(adapter.dialect());
        try {
            Flyway.configure()
                    .dataSource(adapter.connections().dataSource())
                    .locations(LOCATION + "/" + folder(adapter.dialect()))
                    .table(HISTORY_TABLE)
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new DataAccessException(Backend.LEGACY, "The dual-write outbox table " + TABLE
                    + " could not be created in the legacy database: " + e.getMessage()
                    + "; where the library may not create tables there, use Outbox.journal(Backend.LEGACY, path)", e);
        }
        return Outbox.table(adapter.connections(), sql);
    }

    /**
     * The outbox statements over {@value #TABLE} in a dialect, for a table created by hand.
     *
     * @throws IllegalArgumentException if the dialect has no outbox yet
     */
    public static OutboxSql sql(LegacyDialect dialect) {
        Objects.requireNonNull(dialect, "dialect");
        folder(dialect);
        return new DialectOutboxSql(dialect);
    }

    private static String folder(LegacyDialect dialect) {
        String name = dialect.name().toLowerCase(Locale.ROOT);
        if (!name.equals("postgresql")) {
            throw new IllegalArgumentException("The legacy dialect " + dialect.name() + " has no dual-write outbox table yet; "
                    + "use Outbox.journal(Backend.LEGACY, path)");
        }
        return name;
    }

    /** Standard SQL around the dialect's quoting and row limit; times as epoch microseconds. */
    private record DialectOutboxSql(LegacyDialect dialect) implements InStatementOutboxSql {
        @Override
        public String table() {
            return dialect.quote(TABLE);
        }

        @Override
        public String databaseName() {
            return "legacy " + dialect.name();
        }

        @Override
        public String insert() {
            return "INSERT INTO " + table() + " (table_name, entity_key, created_at) VALUES (?, ?, ?)";
        }

        /** PgJDBC sends a multi-statement string in one round trip, and skips its own commit once idle. */
        @Override
        public String insertAndCommit(int rows) {
            if (!dialect.name().equalsIgnoreCase("PostgreSQL")) {
                return null;
            }
            return InStatementOutboxSql.insertValues(table(), rows) + " RETURNING id, table_name, entity_key; COMMIT";
        }

        @Override
        public String insertReturning(int rows) {
            return InStatementOutboxSql.insertValues(table(), rows) + " RETURNING id, entity_key";
        }

        @Override
        public Object timeValue(Instant time) {
            return Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000L), time.getNano() / 1_000L);
        }

        @Override
        public String pending() {
            return dialect.limit("SELECT id, table_name, entity_key, created_at FROM " + table()
                    + " WHERE created_at < ? ORDER BY id");
        }

        @Override
        public String entriesOf(int count) {
            StringJoiner keys = new StringJoiner(", ", "SELECT id, table_name, entity_key, created_at FROM " + table()
                    + " WHERE table_name = ? AND entity_key IN (", ")");
            for (int i = 0; i < count; i++) {
                keys.add("?");
            }
            return keys.toString();
        }

        @Override
        public String delete(int count) {
            StringJoiner ids = new StringJoiner(", ", "DELETE FROM " + table() + " WHERE id IN (", ")");
            for (int i = 0; i < count; i++) {
                ids.add("?");
            }
            return ids.toString();
        }

        @Override
        public String backlog() {
            return "SELECT count(*), min(created_at) FROM " + table();
        }

        @Override
        public void bindTime(PreparedStatement statement, int index, Instant time) throws SQLException {
            statement.setLong(index, (Long) timeValue(time));
        }

        @Override
        public Instant readTime(ResultSet resultSet, int index) throws SQLException {
            long micros = resultSet.getLong(index);
            if (resultSet.wasNull()) {
                return null;
            }
            return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
        }
    }
}
