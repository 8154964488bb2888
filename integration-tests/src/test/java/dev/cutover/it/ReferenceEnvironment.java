package dev.cutover.it;

import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyConfig;
import dev.cutover.legacy.LegacyDialect;
import dev.cutover.legacy.outbox.LegacyOutbox;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresConfig;
import dev.cutover.postgres.outbox.PostgresOutbox;
import dev.cutover.reference.legacy.LegacyRepositories;
import dev.cutover.reference.postgres.PostgresRepositories;
import dev.cutover.reference.schema.ReferenceSchemas;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The reference domain on real databases: a legacy database with the legacy schema and a target database
 * with the shipped schema, both on the test PostgreSQL server, with adapters and repositories on each.
 * One per JVM; {@link #reset()} empties every table between tests.
 */
final class ReferenceEnvironment {
    private static ReferenceEnvironment shared;
    private static RuntimeException failure;

    final TestDatabase legacyDatabase;
    final TestDatabase targetDatabase;
    final LegacyAdapter legacyAdapter;
    final PostgresAdapter postgresAdapter;
    final LegacyRepositories legacy;
    final PostgresRepositories postgres;

    private ReferenceEnvironment() {
        TestPostgres server = TestPostgres.server();
        legacyDatabase = server.createDatabase("it_legacy");
        targetDatabase = server.createDatabase("it_target");
        legacyAdapter = legacyAdapter(legacyDatabase);
        postgresAdapter = postgresAdapter(targetDatabase);
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "reference-environment-close"));
        ReferenceSchemas.migrateLegacy(legacyAdapter.connections().dataSource());
        ReferenceSchemas.migrateTarget(postgresAdapter.connections().dataSource());
        // The outboxes of the dual contract targets (ContractRepositories).
        LegacyOutbox.create(legacyAdapter);
        PostgresOutbox.create(postgresAdapter);
        legacy = new LegacyRepositories(legacyAdapter);
        postgres = new PostgresRepositories(postgresAdapter);
    }

    /** The shared environment; a failure to set it up is kept and rethrown, never retried (it would leak pools). */
    static synchronized ReferenceEnvironment get() {
        if (failure != null) {
            throw new IllegalStateException("The reference environment could not be set up (see the first failure)", failure);
        }
        if (shared == null) {
            try {
                shared = new ReferenceEnvironment();
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        return shared;
    }

    static LegacyAdapter legacyAdapter(TestDatabase database) {
        return LegacyAdapter.create(LegacyConfig.custom()
                .jdbcUrl(database.jdbcUrl())
                .username(database.username())
                .password(database.password())
                .dialect(LegacyDialect.postgresql())
                .maximumPoolSize(4)
                .build());
    }

    static PostgresAdapter postgresAdapter(TestDatabase database) {
        return PostgresAdapter.create(PostgresConfig.custom()
                .jdbcUrl(database.jdbcUrl())
                .username(database.username())
                .password(database.password())
                .maximumPoolSize(4)
                .build());
    }

    /** Empties every table and outbox on both sides. */
    void reset() {
        truncate(legacyDatabase, "tbl_company, tbl_clients, tbl_staff, tbl_services, tbl_records, tbl_staff_services, "
                + LegacyOutbox.TABLE);
        truncate(targetDatabase, "companies, clients, staff, services, bookings, staff_services, " + PostgresOutbox.TABLE);
    }

    private static void truncate(TestDatabase database, String tables) {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE " + tables);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not empty " + database.name() + ": " + e.getMessage(), e);
        }
    }

    private void close() {
        legacyAdapter.close();
        postgresAdapter.close();
        legacyDatabase.close();
        targetDatabase.close();
    }
}
