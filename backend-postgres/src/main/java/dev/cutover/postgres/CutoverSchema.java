package dev.cutover.postgres;

import dev.cutover.DataAccessException;
import dev.cutover.Backend;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The library's own tables in the target PostgreSQL database (outbox, flag state and audit, backfill
 * checkpoints, leases, quarantine, mismatches), created and upgraded by Flyway migrations shipped in
 * Cutover's jars under {@value #LOCATION}, in the schema {@value #SCHEMA}, with their own history table.
 * Safe when many instances start at once: Flyway takes a PostgreSQL advisory lock, so one migrates and the
 * others wait, then find nothing to do.
 *
 * <p>Feature modules own version ranges so their migrations never collide: 1-99 this module, 100-199
 * dual-write and outbox, 200-299 flags, 300-399 backfill and verify, 400-449 instance status reports (status-reports module).
 * So a release may bring a migration older than the schema's version (a module's new V160 where V400 is applied):
 * only then is it applied out of order, with a line in the log saying why; otherwise Flyway runs in order (and does
 * not warn that "outOfOrder mode is active").
 *
 * <p>Thread-safe (stateless).
 */
public final class CutoverSchema {
    private static final Logger LOG = LoggerFactory.getLogger(CutoverSchema.class);
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
            List<String> older = Arrays.stream(flyway(dataSource, false).info().all())
                    .filter(m -> m.getState() == MigrationState.IGNORED).map(MigrationInfo::getVersion)
                    .map(String::valueOf).toList();
            if (older.isEmpty()) {
                return flyway(dataSource, false).migrate();
            }
            LOG.info("Cutover's migrations {} are older than the version of schema {}: applying them out of order, as each"
                    + " Cutover module numbers its migrations in its own range", older, SCHEMA);
            return flyway(dataSource, true).migrate();
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
            return flyway(dataSource, true).info();
        } catch (FlywayException e) {
            throw new DataAccessException(Backend.POSTGRES, "The state of Cutover's own tables in schema " + SCHEMA
                    + " could not be read: " + e.getMessage(), e);
        }
    }

    /** {@code outOfOrder}: whether a migration older than the schema's version is applied (else it is "ignored"). */
    private static Flyway flyway(DataSource dataSource, boolean outOfOrder) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations(LOCATION)
                .schemas(SCHEMA)
                .createSchemas(true)
                .table(HISTORY_TABLE)
                // Modules are optional, and another process (the CLI with cutover-cdc, an application with the console)
                // may have applied migrations of modules this class path lacks: below the newest local one they are
                // "missing", above it "future" (Flyway's default ignores only those, and setting a pattern replaces it).
                .outOfOrder(outOfOrder)
                .ignoreMigrationPatterns("*:missing", "*:future")
                .load();
    }
}
