package dev.cutover.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyConfig;
import dev.cutover.legacy.LegacyStore;
import dev.cutover.postgres.CutoverSchema;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresConfig;
import dev.cutover.reference.Client;
import dev.cutover.reference.Mappings;
import dev.cutover.reference.ReferenceData;
import dev.cutover.reference.legacy.LegacyTables;
import dev.cutover.reference.schema.ReferenceSchemas;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestMariaDb;
import dev.cutover.testkit.TestPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The backfill from a MariaDB legacy database (needs one: {@link TestMariaDb}; fails, never skips, without). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MariaDbBackfillTest {
    private TestDatabase legacyDb;
    private TestDatabase targetDb;
    private LegacyAdapter legacy;
    private PostgresAdapter postgres;
    private LegacyStore<Client, Long> legacyClients;

    @BeforeAll
    void setUp() throws Exception {
        legacyDb = TestMariaDb.server().createDatabase("backfill");
        ReferenceSchemas.migrateLegacyMariaDb(legacyDb.dataSource());
        targetDb = TestPostgres.server().createDatabase("backfill_from_mariadb");
        ReferenceSchemas.migrateTarget(targetDb.dataSource());
        legacy = LegacyAdapter.create(LegacyConfig.custom().jdbcUrl(legacyDb.jdbcUrl()).username(legacyDb.username())
                .password(legacyDb.password()).build());
        postgres = PostgresAdapter.create(PostgresConfig.custom().jdbcUrl(targetDb.jdbcUrl()).username(targetDb.username())
                .password(targetDb.password()).build());
        CutoverSchema.migrate(postgres);
        legacyClients = legacy.store(Mappings.CLIENTS, LegacyTables.CLIENTS);
    }

    @AfterAll
    void tearDown() {
        if (legacy != null) {
            legacy.close();
            postgres.close();
            legacyDb.close();
            targetDb.close();
        }
    }

    @BeforeEach
    void reset() {
        legacyDb.execute("DELETE FROM tbl_clients");
        SplittableRandom random = new SplittableRandom(11);
        List<Client> clients = new ArrayList<>();
        for (int id = 1; id <= 1_000; id++) {
            clients.add(ReferenceData.client(random, id, 1 + (id - 1) / 50, 100_000 + id));
        }
        legacyClients.upsertAll(clients);
        targetDb.execute("TRUNCATE clients", "DELETE FROM cutover.backfill_runs", "DELETE FROM cutover.backfill_quarantine");
    }

    @Test
    void shouldCopyEveryRowFromMariaDbExactlyAsTheLegacyStoreReadsIt() {
        Backfill<Client, Long> backfill = Backfill.of("from-mariadb", BackfillSource.legacy(legacy, legacyClients),
                postgres, BackfillConfig.custom().chunkSize(150).workers(2).build());

        BackfillReport report = backfill.run();

        assertThat(report.rowsCopied()).isEqualTo(1_000);
        assertThat(report.chunksDone()).isEqualTo(7);
        assertThat(postgres.store(Mappings.CLIENTS).scan(null, 2_000)).isEqualTo(legacyClients.scan(null, 2_000));
    }

    @Test
    void shouldQuarantineMariaDbPitfallsWithTheirReasonAndCopyTheRest() {
        legacyDb.execute("UPDATE tbl_clients SET is_vip = 2 WHERE client_id = 5",
                "UPDATE tbl_clients SET created = '0000-00-00 00:00:00' WHERE client_id = 6",
                "UPDATE tbl_clients SET full_name = CONCAT('Ann', CHAR(0), 'a') WHERE client_id = 8",
                "UPDATE tbl_clients SET visits_json = '{\"broken\": ' WHERE client_id = 9");
        Backfill<Client, Long> backfill = Backfill.of("pitfalls", BackfillSource.legacy(legacy, legacyClients), postgres,
                BackfillConfig.custom().chunkSize(400).build());

        BackfillReport report = backfill.run();

        assertThat(report.rowsCopied()).isEqualTo(996);
        assertThat(report.rowsQuarantined()).isEqualTo(4);
        assertThat(backfill.quarantine()).extracting(QuarantinedRow::key, QuarantinedRow::reason).containsExactly(
                tuple("[5]", "Legacy tbl_clients.is_vip (key 5) holds 2, but a SMALLINT_BOOLEAN column holds only 0 (false) "
                        + "or 1 (true)"),
                tuple("[6]", "Legacy tbl_clients.created (key 6) holds the zero date '0000-00-00 00:00:00.000000', which no "
                        + "PostgreSQL timestamp can hold; if it means \"no value\", declare LegacyTable.zeroDateAsNull(\"created_at\") "
                        + "on a nullable mapping column, else correct the legacy row"),
                tuple("[8]", "Legacy tbl_clients.full_name (key 8) contains a NUL character (U+0000) at index 3, which PostgreSQL "
                        + "text cannot store: value starts with 'Ann\\0a'; remove it from the legacy row, or declare "
                        + "LegacyTable.stripNul(\"name\") or replaceNul(\"name\", ...) to clean it when read"),
                tuple("[9]", "clients.visit_history (key 9) is not valid JSON: Unexpected end-of-input within/between Object "
                        + "entries; value starts with '{\"broken\": '"));
    }

    @Test
    void shouldCopyValuesThatADeclaredRuleCleansAndStillQuarantineTheOthers() {
        legacyDb.execute("UPDATE tbl_clients SET full_name = CONCAT('Ann', CHAR(0), 'a') WHERE client_id = 8",
                "UPDATE tbl_clients SET created = '0000-00-00 00:00:00' WHERE client_id = 6");
        LegacyStore<Client, Long> cleaned = legacy.store(Mappings.CLIENTS, LegacyTables.CLIENTS.stripNul("name"));
        Backfill<Client, Long> backfill = Backfill.of("cleaned", BackfillSource.legacy(legacy, cleaned), postgres,
                BackfillConfig.custom().chunkSize(400).clean("phone", v -> v instanceof String s ? s.strip() : v).build());

        BackfillReport report = backfill.run();

        assertThat(report.rowsQuarantined()).isEqualTo(1);
        assertThat(report.rowsCopied()).isEqualTo(999);
        assertThat(postgres.store(Mappings.CLIENTS).findByKey(8L).orElseThrow().name()).isEqualTo("Anna");
        assertThat(backfill.quarantine()).extracting(QuarantinedRow::key).containsExactly("[6]"); // NOT NULL: no rule
    }
}
