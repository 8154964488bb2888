package dev.cutover.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyConfig;
import dev.cutover.reference.ReferenceData;
import dev.cutover.reference.legacy.LegacyRepositories;
import dev.cutover.reference.schema.ReferenceSchemas;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestMariaDb;
import dev.cutover.testkit.TestPostgres;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's commands with a MariaDB legacy database (docs/mariadb.md), as with PostgreSQL: Cutover's tables,
 * schema check, backfill, verify, status and reconcile (whose legacy-primary outbox is a journal on MariaDB).
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
            LegacyRepositories legacy = new LegacyRepositories(adapter);
            legacy.companyStore().upsertAll(DATA.companies());
            legacy.clientStore().upsertAll(DATA.clients());
            legacy.staffStore().upsertAll(DATA.staff());
            legacy.serviceStore().upsertAll(DATA.services());
            legacy.staffServiceStore().upsertAll(DATA.staffServices());
            legacy.bookingStore().upsertAll(DATA.bookings());
        }
    }

    @AfterAll
    static void dropDatabases() {
        legacyDb.close();
        targetDb.close();
    }

    private static Cli cli() {
        Map<String, String> environment = new HashMap<>();
        environment.put("CUTOVER_LEGACY_URL", legacyDb.jdbcUrl());
        environment.put("CUTOVER_POSTGRES_URL", targetDb.jdbcUrl());
        for (Map.Entry<String, TestDatabase> side : Map.of("LEGACY", legacyDb, "POSTGRES", targetDb).entrySet()) {
            if (side.getValue().username() != null) {
                environment.put("CUTOVER_" + side.getKey() + "_USER", side.getValue().username());
            }
            if (side.getValue().password() != null) {
                environment.put("CUTOVER_" + side.getKey() + "_PASSWORD", side.getValue().password());
            }
        }
        return Cli.withEnvironment(environment);
    }

    @Test
    void shouldMoveAndCheckAMariaDbLegacyDatabaseFromTheCommandLine(@TempDir Path dir) throws Exception {
        Cli.Run migrate = cli().run("migrate");
        assertThat(migrate.status()).as(migrate.toString()).isZero();
        assertThat(migrate.out()).contains("postgres, schema cutover: version none (not created yet) -> 400",
                "legacy, table cutover_outbox: not migrated: the MariaDB dialect has no outbox table (dual-write there uses"
                        + " a journal, Outbox.journal)");

        Cli.Run schemaCheck = cli().run("schema-check");
        assertThat(schemaCheck.status()).as(schemaCheck.toString()).isZero();

        Cli.Run backfill = cli().run("backfill", "--progress", "none", "--workers", "2");
        assertThat(backfill.status()).as(backfill.toString()).isZero();
        assertThat(targetDb.queryLong("SELECT count(*) FROM clients")).isEqualTo(DATA.clients().size());
        assertThat(targetDb.queryLong("SELECT count(*) FROM bookings")).isEqualTo(DATA.bookings().size());

        Cli.Run verify = cli().run("verify", "--progress", "none");
        assertThat(verify.status()).as(verify.toString()).isZero();
        assertThat(verify.out()).contains("Every row of 6 tables is equal on both sides.");

        legacyDb.execute("UPDATE tbl_clients SET full_name = 'Changed in legacy' WHERE client_id = "
                + DATA.clients().get(3).id());
        Cli.Run different = cli().run("verify", "--table", "clients", "--progress", "none", "--json");
        assertThat(different.status()).as(different.toString()).isEqualTo(1);
        assertThat(different.json().get("tables").get(0).get("different").asLong()).isEqualTo(1);

        Cli.Run status = cli().run("status");
        assertThat(status.status()).as(status.toString()).isZero();
        assertThat(status.out()).contains("table cutover.outbox (PostgreSQL): 0 entries",
                "legacy: The legacy dialect MariaDB has no dual-write outbox table yet",
                "Cutover's tables (schema cutover): version 400, up to date");

        Path journal = dir.resolve("legacy-outbox.journal");
        Cli.Run reconcile = cli().run("reconcile", "--legacy-journal", journal.toString(), "--timeout", "10s");
        assertThat(reconcile.status()).as(reconcile.toString()).isZero();
        assertThat(reconcile.out()).contains("Settled 0 entries");
    }
}
