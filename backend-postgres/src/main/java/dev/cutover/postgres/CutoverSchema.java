package dev.cutover.postgres;

import dev.cutover.DataAccessException;
import dev.cutover.Backend;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The library's own tables in the target PostgreSQL database (outbox, flag state and audit, backfill
 * checkpoints, leases, quarantine, mismatches), created and upgraded by Flyway migrations shipped in
 * Cutover's jars under {@value #LOCATION}, in the schema {@value #SCHEMA}, with their own history table.
 * Safe when many instances start at once: Flyway takes a PostgreSQL advisory lock, so one migrates and the
 * others wait, then find nothing to do.
 *
 * <p>Feature modules own version ranges so their migrations never collide: 1-99 this module, 100-199
 * dual-write and outbox, 200-299 flags, 300-399 backfill and verify, 400-449 instance status reports (flags module).
 *
 * <p>Thread-safe (stateless).
 */
public final class CutoverSchema {
    /** The schema that holds the library's tables. */
    public static final String SCHEMA = "cutover";
    /** Where the migrations are, on the classpath. */
    public static final String LOCATION = "classpath:db/cutover/postgres";
    /** Flyway's history table for the library's migrations, apart from the application's own. */
    public static final String HISTORY_TABLE = "cutover_schema_history";

    private CutoverSchema() {
    }

    /** Creates or upgrades the library's tables through the adapter's pool. */
    public static MigrateResult migrate(PostgresAdapter adapter) {
        return migrate(adapter.connections().dataSource());
    }

    /**
     * Creates or upgrades the library's tables.
     *
     * @return what Flyway did, for logs
     * @throws DataAccessException naming the failed migration, if one fails
     */
    public static MigrateResult migrate(DataSource dataSource) {
        try {
            return flyway(dataSource).migrate();
        } catch (FlywayException e) {
            throw new DataAccessException(Backend.POSTGRES, "Cutover's own tables could not be created or upgraded in schema "
                    + SCHEMA + ": " + e.getMessage(), e);
        }
    }

    /**
     * What {@link #migrate} would find: the version in place ({@code current()}, {@code null} before the first
     * migration) and the migrations still to apply ({@code pending()}). Changes nothing.
     *
     * @throws DataAccessException if the database cannot be read
     */
    public static MigrationInfoService info(DataSource dataSource) {
        try {
            return flyway(dataSource).info();
        } catch (FlywayException e) {
            throw new DataAccessException(Backend.POSTGRES, "The state of Cutover's own tables in schema " + SCHEMA
                    + " could not be read: " + e.getMessage(), e);
        }
    }

    private static Flyway flyway(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations(LOCATION)
                .schemas(SCHEMA)
                .createSchemas(true)
                .table(HISTORY_TABLE)
                // Feature modules version their migrations independently and may be added later:
                // a lower version arriving after a higher one is expected, and so is a module removed.
                .outOfOrder(true)
                .ignoreMigrationPatterns("*:missing")
                .load();
    }
}
