package dev.cutover.legacy.outbox;

import dev.cutover.Backend;
import dev.cutover.DataAccessException;
import dev.cutover.dual.Outbox;
import dev.cutover.dual.OutboxSql;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyDialect;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.StringJoiner;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.output.MigrateResult;

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
 * {@code Outbox.journal(Backend.LEGACY, path)}. Dialects supported here: PostgreSQL, MariaDB (and MySQL, through the
 * MariaDB dialect; InnoDB tables, so that an entry commits with its write).
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
    /** The dialects with an outbox table: their names, lower case, are the migration folders. */
    private static final List<String> FOLDERS = List.of("postgresql", "mariadb");

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
        migrate(adapter);
        return Outbox.table(adapter.connections(), sql(adapter.dialect()));
    }

    /**
     * Creates or upgrades the outbox table (what {@link #create} does first), for a deployment step or
     * {@code cutover migrate}.
     *
     * @return what Flyway did, for logs
     * @throws DataAccessException if the table cannot be created: the message says to use a journal where the
     *     library may not create tables
     * @throws IllegalArgumentException if the adapter's dialect has no outbox yet
     */
    public static MigrateResult migrate(LegacyAdapter adapter) {
        Objects.requireNonNull(adapter, "adapter");
        try {
            return flyway(adapter).migrate();
        } catch (FlywayException e) {
            throw new DataAccessException(Backend.LEGACY, "The dual-write outbox table " + TABLE
                    + " could not be created in the legacy database: " + e.getMessage()
                    + "; where the library may not create tables there, use Outbox.journal(Backend.LEGACY, path)", e);
        }
    }

    /**
     * What {@link #migrate} would find: the version in place ({@code current()}, {@code null} before the first
     * migration) and the migrations still to apply ({@code pending()}). Changes nothing.
     *
     * @throws DataAccessException if the database cannot be read
     * @throws IllegalArgumentException if the adapter's dialect has no outbox yet
     */
    public static MigrationInfoService info(LegacyAdapter adapter) {
        Objects.requireNonNull(adapter, "adapter");
        try {
            return flyway(adapter).info();
        } catch (FlywayException e) {
            throw new DataAccessException(Backend.LEGACY, "The state of the dual-write outbox table " + TABLE
                    + " could not be read in the legacy database: " + e.getMessage(), e);
        }
    }

    private static Flyway flyway(LegacyAdapter adapter) {
        return Flyway.configure()
                .dataSource(adapter.connections().dataSource())
                .locations(LOCATION + "/" + folder(adapter.dialect()))
                .table(HISTORY_TABLE)
                // The legacy database has the application's tables: start the library's history beside them.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load();
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

    /** The dialect's migration folder under {@value #LOCATION}. */
    private static String folder(LegacyDialect dialect) {
        String name = dialect.name().toLowerCase(Locale.ROOT);
        if (!FOLDERS.contains(name)) {
            throw new IllegalArgumentException("The legacy dialect " + dialect.name() + " has no dual-write outbox table yet"
                    + " (there are for " + String.join(", ", FOLDERS) + "); use Outbox.journal(Backend.LEGACY, path)");
        }
        return name;
    }

    /** Standard SQL around the dialect's quoting and row limit; times as epoch microseconds. */
    private record DialectOutboxSql(LegacyDialect dialect) implements OutboxSql {
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
            return OutboxSql.insertValues(table(), rows) + " RETURNING id, table_name, entity_key; COMMIT";
        }

        @Override
        public String insertReturning(int rows) {
            return OutboxSql.insertValues(table(), rows) + " RETURNING id, entity_key";
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
