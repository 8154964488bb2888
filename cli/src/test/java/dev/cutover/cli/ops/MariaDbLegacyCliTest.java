package dev.cutover.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.cli.testing.CliDatabases;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyConfig;
import dev.cutover.reference.ReferenceData;
import dev.cutover.reference.schema.ReferenceSchemas;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestMariaDb;
import dev.cutover.testkit.TestPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's commands with a MariaDB legacy database (docs/mariadb.md), as with PostgreSQL: Cutover's tables,
 * schema check, backfill, verify, status and reconcile (from the outbox table in MariaDB, or from a journal).
 */
class MariaDbLegacyCliTest {
    private static final ReferenceData DATA = ReferenceData.generate(11, 2, 40);
    private static TestDatabase legacyDb;
    private static TestDatabase targetDb;

    @BeforeAll
    static void createDatabases() {
        legacyDb = TestMariaDb.server().createDatabase("cli_mariadb_legacy");
        targetDb = TestPostgres.server().createDatabase("cli_mariadb_target");
        ReferenceSchemas.migrateTarget(targetDb.dataSource());
        try (LegacyAdapter adapter = LegacyAdapter.create(LegacyConfig.custom().jdbcUrl(legacyDb.jdbcUrl())
                .username(legacyDb.username()).password(legacyDb.password()).maximumPoolSize(2).build())) {
            ReferenceSchemas.migrateLegacyMariaDb(adapter.connections().dataSource());
            CliDatabases.seed(adapter, DATA);
        }
    }

    @AfterAll
    static void dropDatabases() {
        legacyDb.close();
        targetDb.close();
    }

    private static Cli cli() {
        return Cli.withEnvironment(CliDatabases.environment(legacyDb, targetDb));
    }

    @Test
    void shouldMoveAndCheckAMariaDbLegacyDatabaseFromTheCommandLine(@TempDir Path dir) throws Exception {
        CliDatabases.Run migrate = cli().run("migrate");
        assertThat(migrate.status()).as(migrate.toString()).isZero();
        assertThat(migrate.out()).contains("postgres, schema cutover: version none (not created yet) -> 400",
                "legacy, table cutover_outbox: version none (not created yet) -> 1; applied 1 migration:\n  1  cutover outbox");
        assertThat(legacyDb.queryLong("SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
                + " AND TABLE_NAME = 'cutover_outbox'")).isEqualTo(1);

        CliDatabases.Run schemaCheck = cli().run("schema-check");
        assertThat(schemaCheck.status()).as(schemaCheck.toString()).isZero();

        CliDatabases.Run backfill = cli().run("backfill", "--progress", "none", "--workers", "2");
        assertThat(backfill.status()).as(backfill.toString()).isZero();
        assertThat(targetDb.queryLong("SELECT count(*) FROM clients")).isEqualTo(DATA.clients().size());
        assertThat(targetDb.queryLong("SELECT count(*) FROM bookings")).isEqualTo(DATA.bookings().size());

        CliDatabases.Run verify = cli().run("verify", "--progress", "none");
        assertThat(verify.status()).as(verify.toString()).isZero();
        assertThat(verify.out()).contains("Every row of 6 tables is equal on both sides.");

        legacyDb.execute("UPDATE tbl_clients SET full_name = 'Changed in legacy' WHERE client_id = "
                + DATA.clients().get(3).id());
        CliDatabases.Run different = cli().run("verify", "--table", "clients", "--progress", "none", "--json");
        assertThat(different.status()).as(different.toString()).isEqualTo(1);
        assertThat(different.json().get("tables").get(0).get("different").asLong()).isEqualTo(1);

        CliDatabases.Run status = cli().run("status");
        assertThat(status.status()).as(status.toString()).isZero();
        legacyDb.execute("INSERT INTO cutover_outbox (table_name, entity_key, created_at) VALUES ('clients', '["
                + DATA.clients().get(3).id() + "]', 0)");
        assertThat(status.out()).contains("table cutover.outbox (PostgreSQL): 0 entries",
                "table `cutover_outbox` (legacy MariaDB): 0 entries",
                "Cutover's tables (schema cutover): version 400, up to date");

        CliDatabases.Run reconcile = cli().run("reconcile", "--timeout", "30s");
        assertThat(reconcile.status()).as(reconcile.toString()).isZero();
        assertThat(reconcile.out()).contains("Settled 1 entry, copied 1 row, 0 failed attempts");
        assertThat(legacyDb.queryLong("SELECT count(*) FROM cutover_outbox")).isZero();
        assertThat(targetDb.queryLong("SELECT count(*) FROM clients WHERE name = 'Changed in legacy'")).isEqualTo(1);
        assertThat(cli().run("verify", "--progress", "none").status()).as("equal again").isZero();

        Path journal = dir.resolve("legacy-outbox.journal");
        CliDatabases.Run fromJournal = cli().run("reconcile", "--legacy-journal", journal.toString(), "--timeout", "10s");
        assertThat(fromJournal.status()).as(fromJournal.toString()).isZero();
        assertThat(fromJournal.out()).contains("Settled 0 entries");
    }

    @Test
    void shouldScaffoldFromTheMariaDbCatalog() {
        CliDatabases.Run run = cli().run("scaffold", "--table", "tbl_staff_services=staff_services");

        assertThat(run.status()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains(" * from postgres table public.staff_services and legacy table " + legacyDb.name()
                        + ".tbl_staff_services (MariaDB).",
                "public record StaffServicesKey(Long staffId, Long serviceId) {",
                ".column(\"price_override\", /* CHOOSE: no legacy column of tbl_staff_services matches postgres column "
                        + "price_override: name the legacy column that holds it, or leave it out of the record, the mapping "
                        + "and this binding and declare .exclude(\"price_override\", reason) on the mapping; legacy columns "
                        + "no postgres column takes: custom_price */ CHOOSE_COLUMN)",
                ".exclude(\"custom_price\", /* CHOOSE: legacy column custom_price (decimal) has no postgres column in "
                        + "staff_services");
        assertThat(run.err()).startsWith("6 files; 2 decision(s) left as CHOOSE markers, which do not compile until made:\n"
                + "  StaffServicesMapping.java:");
    }
}
