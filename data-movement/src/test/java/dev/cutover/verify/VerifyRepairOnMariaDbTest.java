package dev.cutover.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.dual.DualWrites;
import dev.cutover.dual.Outbox;
import dev.cutover.legacy.outbox.LegacyOutbox;
import dev.cutover.postgres.outbox.PostgresOutbox;
import dev.cutover.reference.Mappings;
import dev.cutover.reference.ReferenceData;
import dev.cutover.reference.legacy.LegacyTables;
import dev.cutover.verify.VerifyReport.Status;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Repair from verify with a MariaDB legacy database (the test kit's; never skipped) as the primary: the keys go to the
 * InnoDB outbox table in MariaDB, the reconciler copies MariaDB's rows, and verify then finds every row equal.
 */
class VerifyRepairOnMariaDbTest {
    private static ReferencePair pair;

    @BeforeAll
    static void create() {
        pair = ReferencePair.createOnMariaDb("verify_repair_maria");
        pair.load(ReferenceData.generate(5, 5, 500)); // 2,500 clients
    }

    @AfterAll
    static void close() {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void shouldQueueIntoTheMariaDbOutboxAndConvergeOnLegacysRows() throws Exception {
        pair.targetDatabase.execute("DELETE FROM clients WHERE id % 2 = 0");
        pair.legacyDatabase.execute("DELETE FROM tbl_clients WHERE client_id % 9 = 1",
                "UPDATE tbl_clients SET full_name = CONCAT(full_name, ' (legacy)') WHERE client_id % 7 = 3");
        Outbox legacyOutbox = LegacyOutbox.create(pair.legacy);
        Outbox postgresOutbox = PostgresOutbox.create(pair.postgres);
        Verifier<?, ?> verifier = Verifier.of(Mappings.CLIENTS, pair.legacy, LegacyTables.CLIENTS, pair.postgres,
                VerifyConfig.custom().rangeSize(500).pageSize(100).recheckAttempts(1).recheckDelay(Duration.ZERO).build());

        RepairReport repair = verifier.repair(legacyOutbox);

        VerifyReport before = repair.verify();
        assertThat(List.of(repair.queuedMissing(), repair.queuedExtra(), repair.queuedDifferent()))
                .containsExactly(before.missing(), before.extra(), before.different());
        assertThat(repair.queued()).isGreaterThan(RepairReport.BATCH);
        assertThat(pair.legacyDatabase.queryLong("SELECT count(*) FROM cutover_outbox")).isEqualTo(repair.queued());
        assertThat(repair.outbox()).contains("cutover_outbox");

        try (DualWrites dualWrites = DualWrites.custom().outbox(legacyOutbox).outbox(postgresOutbox)
                .table(Mappings.CLIENTS, pair.legacy.store(Mappings.CLIENTS, LegacyTables.CLIENTS),
                        pair.postgres.store(Mappings.CLIENTS))
                .build()) {
            assertThat(dualWrites.startReconciler().awaitEmpty(Duration.ofMinutes(2))).as("outboxes drained").isTrue();
        }

        VerifyReport after = verifier.verify();
        assertThat(after.status()).as(after.toText()).isEqualTo(Status.EQUAL);
        assertThat(pair.targetDatabase.queryLong("SELECT count(*) FROM clients WHERE name LIKE '% (legacy)'"))
                .isEqualTo(pair.legacyDatabase.queryLong("SELECT count(*) FROM tbl_clients WHERE full_name LIKE '% (legacy)'"))
                .isPositive();
    }
}
