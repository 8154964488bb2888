package dev.cutover.verify;

import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyConfig;
import dev.cutover.legacy.LegacyDialect;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresConfig;
import dev.cutover.reference.ReferenceData;
import dev.cutover.reference.Mappings;
import dev.cutover.reference.legacy.LegacyTables;
import dev.cutover.reference.schema.ReferenceSchemas;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestMariaDb;
import dev.cutover.testkit.TestPostgres;

/**
 * The reference domain on two real databases of the test server: a legacy one with the legacy schema (other
 * names, JSON as text, 0/1 booleans, UTC timestamps without zone) and a target one with the shipped schema,
 * each in a different session time zone, so that nothing may depend on one. One per test class.
 */
public final class ReferencePair implements AutoCloseable {
    public final TestDatabase legacyDatabase;
    public final TestDatabase targetDatabase;
    public final LegacyAdapter legacy;
    public final PostgresAdapter postgres;

    public final boolean mariaDb;

    private ReferencePair(String prefix, boolean mariaDb) {
        this.mariaDb = mariaDb;
        TestPostgres server = TestPostgres.server();
        legacyDatabase = mariaDb ? TestMariaDb.server().createDatabase(prefix + "_legacy")
                : server.createDatabase(prefix + "_legacy");
        targetDatabase = server.createDatabase(prefix + "_target");
        if (!mariaDb) {
            legacyDatabase.execute("ALTER DATABASE " + legacyDatabase.name() + " SET timezone = 'Pacific/Auckland'");
        }
        targetDatabase.execute("ALTER DATABASE " + targetDatabase.name() + " SET timezone = 'America/Los_Angeles'");
        legacy = LegacyAdapter.create(LegacyConfig.custom().jdbcUrl(legacyDatabase.jdbcUrl())
                .username(legacyDatabase.username()).password(legacyDatabase.password())
                .dialect(mariaDb ? LegacyDialect.mariadb() : LegacyDialect.postgresql()).maximumPoolSize(4).build());
        postgres = PostgresAdapter.create(PostgresConfig.custom().jdbcUrl(targetDatabase.jdbcUrl())
                .username(targetDatabase.username()).password(targetDatabase.password()).maximumPoolSize(4).build());
        if (mariaDb) {
            ReferenceSchemas.migrateLegacyMariaDb(legacy.connections().dataSource());
        } else {
            ReferenceSchemas.migrateLegacy(legacy.connections().dataSource());
        }
        ReferenceSchemas.migrateTarget(postgres.connections().dataSource());
    }

    /** A PostgreSQL legacy database. */
    public static ReferencePair create(String prefix) {
        return new ReferencePair(prefix, false);
    }

    /** A MariaDB legacy database, from the test kit ({@code CUTOVER_TEST_MARIADB_URL}, Docker or embedded; never skipped). */
    public static ReferencePair createOnMariaDb(String prefix) {
        return new ReferencePair(prefix, true);
    }

    /** Empties every table on both sides. */
    public void reset() {
        if (mariaDb) {
            legacyDatabase.execute("DELETE FROM tbl_company", "DELETE FROM tbl_clients", "DELETE FROM tbl_staff",
                    "DELETE FROM tbl_services", "DELETE FROM tbl_records", "DELETE FROM tbl_staff_services");
        } else {
            legacyDatabase.execute("TRUNCATE tbl_company, tbl_clients, tbl_staff, tbl_services, tbl_records, "
                    + "tbl_staff_services");
        }
        targetDatabase.execute("TRUNCATE companies, clients, staff, services, bookings, staff_services");
    }

    /** The same clients, services and staff-service links on both sides. */
    public void load(ReferenceData data) {
        legacy.store(Mappings.CLIENTS, LegacyTables.CLIENTS).upsertAll(data.clients());
        postgres.store(Mappings.CLIENTS).upsertAll(data.clients());
        legacy.store(Mappings.STAFF_SERVICES, LegacyTables.STAFF_SERVICES).upsertAll(data.staffServices());
        postgres.store(Mappings.STAFF_SERVICES).upsertAll(data.staffServices());
        legacy.store(Mappings.SERVICES, LegacyTables.SERVICES).upsertAll(data.services());
        postgres.store(Mappings.SERVICES).upsertAll(data.services());
    }

    @Override
    public void close() {
        legacy.close();
        postgres.close();
        legacyDatabase.close();
        targetDatabase.close();
    }
}
