package dev.cutover.reference.schema;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Flyway migrations of the reference domain: the target schema (shipped, as an application would ship its
 * own) and the legacy schema (a fixture for tests and the demo), on PostgreSQL or on MariaDB. Safe to run from
 * several processes at once: Flyway serialises concurrent migrations with an advisory lock on PostgreSQL and
 * with {@code GET_LOCK} on MariaDB.
 */
public final class ReferenceSchemas {
    /** Flyway's history table for these migrations, apart from any the application keeps. */
    public static final String HISTORY_TABLE = "cutover_reference_schema_history";

    private ReferenceSchemas() {
    }

    /** Creates or updates the target (PostgreSQL) schema. */
    public static void migrateTarget(DataSource dataSource) {
        migrate(dataSource, "classpath:db/reference/target");
    }

    /** Creates the legacy schema fixture, with its legacy names and types, on PostgreSQL. */
    public static void migrateLegacy(DataSource dataSource) {
        migrate(dataSource, "classpath:db/reference/legacy");
    }

    /**
     * Creates the same legacy schema fixture on MariaDB (10.6+) or MySQL 8, in the database the data source
     * connects to; the reference {@code LegacyTables} bind to either. Needs {@code org.flywaydb:flyway-mysql} and a
     * MariaDB driver at runtime.
     */
    public static void migrateLegacyMariaDb(DataSource dataSource) {
        migrate(dataSource, "classpath:db/reference/legacy-mariadb");
    }

    private static void migrate(DataSource dataSource, String location) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations(location)
                .table(HISTORY_TABLE)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }
}
