package dev.cutover.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.Backend;
import dev.cutover.dual.DualWrites;
import dev.cutover.dual.Outbox;
import dev.cutover.legacy.outbox.LegacyOutbox;
import dev.cutover.postgres.outbox.PostgresOutbox;
import dev.cutover.reference.Client;
import dev.cutover.reference.Mappings;
import dev.cutover.reference.ReferenceData;
import dev.cutover.reference.legacy.LegacyTables;
import dev.cutover.verify.VerifyReport.Status;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Repair from verify on real databases: thousands of rows made missing, extra and different with plain SQL, queued by
 * {@link Verifier#repair} into the primary's outbox, settled by a reconciler over the same outboxes (as the
 * application's or {@code cutover reconcile}'s), then verified equal: legacy as primary, and PostgreSQL as primary.
 */
class VerifyRepairTest {
    private static final ReferenceData DATA = ReferenceData.generate(11, 6, 500); // 3,000 clients, ids 1..3000
    private static ReferencePair pair;
    private static Outbox legacyOutbox;
    private static Outbox postgresOutbox;

    @BeforeAll
    static void create() {
        pair = ReferencePair.create("verify_repair");
        legacyOutbox = LegacyOutbox.create(pair.legacy);
        postgresOutbox = PostgresOutbox.create(pair.postgres);
    }

    @AfterAll
    static void close() {
        pair.close();
    }

    @BeforeEach
    void load() {
        pair.reset();
        pair.load(DATA);
        // 1,000 missing in PostgreSQL, 600 extra there (those of both sets gone from both: 200 equal), ~300 different
        pair.targetDatabase.execute("DELETE FROM clients WHERE id % 3 = 0");
        pair.legacyDatabase.execute("DELETE FROM tbl_clients WHERE client_id % 5 = 1",
                "UPDATE tbl_clients SET full_name = full_name || ' (legacy)' WHERE client_id % 7 = 2");
    }

    private static Verifier<Client, Long> verifier() {
        return Verifier.of(Mappings.CLIENTS, pair.legacy, LegacyTables.CLIENTS, pair.postgres,
                VerifyConfig.custom().rangeSize(1_000).pageSize(200).recheckAttempts(1).recheckDelay(Duration.ZERO).build());
    }

    private static void reconcile() throws InterruptedException {
        try (DualWrites dualWrites = DualWrites.custom().outbox(legacyOutbox).outbox(postgresOutbox)
                .table(Mappings.CLIENTS, pair.legacy.store(Mappings.CLIENTS, LegacyTables.CLIENTS),
                        pair.postgres.store(Mappings.CLIENTS))
                .build()) {
            assertThat(dualWrites.startReconciler().awaitEmpty(Duration.ofMinutes(2))).as("outboxes drained").isTrue();
        }
    }

    private static long count(String sql, boolean legacy) {
        return (legacy ? pair.legacyDatabase : pair.targetDatabase).queryLong(sql);
    }

    @Test
    void shouldQueueEveryDifferenceForALegacyPrimaryAndConvergeOnLegacysRows() throws Exception {
        RepairReport repair = verifier().repair(legacyOutbox);

        VerifyReport before = repair.verify();
        assertThat(before.status()).isEqualTo(Status.DIFFERENT);
        assertThat(List.of(before.missing(), before.extra())).containsExactly(800L, 400L);
        assertThat(before.different()).isPositive();
        assertThat(repair.primary()).isEqualTo(Backend.LEGACY);
        assertThat(List.of(repair.queuedMissing(), repair.queuedExtra(), repair.queuedDifferent()))
                .containsExactly(before.missing(), before.extra(), before.different());
        assertThat(repair.queued()).isGreaterThan(RepairReport.BATCH); // more than one outbox transaction
        assertThat(repair.batches()).isEqualTo((repair.queued() + RepairReport.BATCH - 1) / RepairReport.BATCH);
        assertThat(repair.failure()).isNull();
        assertThat(count("SELECT count(*) FROM cutover_outbox WHERE table_name = 'clients'", true))
                .isEqualTo(repair.queued());
        assertThat(repair.toText()).contains("repair: queued " + repair.queued() + " keys (missing 800, extra 400, different "
                + before.different() + ") in table \"cutover_outbox\" (legacy PostgreSQL): the reconciler copies legacy's row "
                + "of each to postgres, or deletes postgres's where legacy has none");

        reconcile();

        VerifyReport after = verifier().verify();
        assertThat(after.status()).as(after.toText()).isEqualTo(Status.EQUAL);
        assertThat(count("SELECT count(*) FROM clients", false)).isEqualTo(count("SELECT count(*) FROM tbl_clients", true));
        assertThat(count("SELECT count(*) FROM clients WHERE name LIKE '% (legacy)'", false))
                .isEqualTo(count("SELECT count(*) FROM tbl_clients WHERE full_name LIKE '% (legacy)'", true))
                .isGreaterThanOrEqualTo(before.different());
    }

    @Test
    void shouldQueueEveryDifferenceForAPostgresPrimaryAndConvergeOnPostgresRows() throws Exception {
        long postgresRows = count("SELECT count(*) FROM clients", false);

        RepairReport repair = verifier().repair(postgresOutbox);

        assertThat(repair.primary()).isEqualTo(Backend.POSTGRES);
        assertThat(repair.queued()).isEqualTo(repair.verify().mismatchCount()).isGreaterThan(RepairReport.BATCH);
        assertThat(count("SELECT count(*) FROM cutover.outbox WHERE table_name = 'clients'", false))
                .isEqualTo(repair.queued());
        assertThat(repair.toText()).contains("the reconciler copies postgres's row of each to legacy, or deletes legacy's"
                + " where postgres has none");

        reconcile();

        assertThat(verifier().verify().status()).isEqualTo(Status.EQUAL);
        // PostgreSQL's rows won: legacy lost the rows PostgreSQL lacked, got back those it lacked, and PostgreSQL's names
        assertThat(count("SELECT count(*) FROM tbl_clients", true)).isEqualTo(postgresRows);
        assertThat(count("SELECT count(*) FROM tbl_clients WHERE full_name LIKE '% (legacy)'", true)).isZero();
    }

    @Test
    void shouldListUnreadableRowsAsNotRepairableAndQueueTheOthers() throws Exception {
        pair.legacyDatabase.execute("UPDATE tbl_clients SET ai_ctx = '{\"tone\": warm}' WHERE client_id = 142");

        RepairReport repair = verifier().repair(legacyOutbox);

        assertThat(repair.unreadable()).isEqualTo(1);
        assertThat(repair.queued()).isEqualTo(repair.verify().mismatchCount() - 1);
        assertThat(repair.notRepairable()).extracting(RowMismatch::describeKey).containsExactly("id=142");
        assertThat(repair.toText()).contains("not repairable: 1 row a side cannot read", "unreadable in legacy id=142 [142] column ai_ctx");
        assertThat(repair.toJson()).contains("\"notRepairable\":1", "\"notRepairableRows\":[{\"key\":\"id=142\",\"side\":\"legacy\","
                + "\"column\":\"ai_ctx\"");
        assertThat(count("SELECT count(*) FROM cutover_outbox WHERE entity_key = '[142]'", true)).isZero();

        reconcile();

        VerifyReport after = verifier().verify();
        assertThat(List.of(after.missing(), after.extra(), after.different(), after.unreadable()))
                .as(after.toText()).containsExactly(0L, 0L, 0L, 1L);
    }

    @Test
    void shouldGoOnVerifyingAndSayWhatWasNotQueuedWhenTheOutboxFails() {
        Outbox missingTable = Outbox.table(pair.postgres.connections(), PostgresOutbox.sql("cutover.no_such_outbox"));

        RepairReport repair = verifier().repair(missingTable);

        assertThat(repair.verify().status()).isEqualTo(Status.DIFFERENT); // the verification itself finished
        assertThat(repair.queued()).isZero();
        assertThat(repair.notQueued()).isEqualTo(repair.verify().mismatchCount());
        assertThat(repair.failure()).startsWith("recording keys in table cutover.no_such_outbox (PostgreSQL) failed: ")
                .contains("no_such_outbox");
        assertThat(repair.exitCode()).isEqualTo(2);
        assertThat(repair.toText()).contains("  repair stopped: recording keys in table cutover.no_such_outbox",
                repair.notQueued() + " keys not queued: run it again");
    }
}
