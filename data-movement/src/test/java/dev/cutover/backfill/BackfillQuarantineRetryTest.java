package dev.cutover.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.reference.Client;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackfillQuarantineRetryTest {
    private BackfillFixture fixture;

    @BeforeAll
    void setUp() {
        fixture = new BackfillFixture("retry");
    }

    @AfterAll
    void tearDown() {
        fixture.close();
    }

    @BeforeEach
    void emptyTarget() {
        fixture.loadClients(1_000);
        fixture.targetDb.execute("TRUNCATE clients", "DELETE FROM cutover.backfill_runs",
                "DELETE FROM cutover.backfill_quarantine", "ALTER TABLE clients DROP CONSTRAINT IF EXISTS clients_email_check");
    }

    @Test
    void shouldCopyTheFixedRowsDropTheGoneOnesAndKeepTheStillBadOnesWithTheirNewReason() {
        fixture.targetDb.execute("ALTER TABLE clients ADD CONSTRAINT clients_email_check CHECK (email LIKE '%@%')");
        fixture.legacyDb.execute("UPDATE tbl_clients SET email = 'broken' WHERE client_id IN (100, 500, 901)",
                "UPDATE tbl_clients SET is_vip = 2 WHERE client_id IN (30, 700)");
        Backfill<Client, Long> backfill = fixture.backfill("retry", BackfillConfig.custom().chunkSize(300).workers(2).build());
        assertThat(backfill.run().rowsQuarantined()).isEqualTo(5);
        assertThat(Backfill.quarantine(fixture.postgres, "retry", "clients")).as("read from the target alone")
                .isEqualTo(backfill.quarantine()).hasSize(5);
        assertThat(Backfill.quarantine(fixture.postgres, "another run", "clients")).isEmpty();

        fixture.legacyDb.execute("UPDATE tbl_clients SET email = 'fixed@example.com' WHERE client_id IN (100, 901)",
                "UPDATE tbl_clients SET is_vip = 1 WHERE client_id = 30",
                "UPDATE tbl_clients SET is_vip = 3 WHERE client_id = 700",
                "DELETE FROM tbl_clients WHERE client_id = 500");
        QuarantineRetry retry = backfill.retryQuarantined();

        assertThat(retry.retried()).isEqualTo(5);
        assertThat(retry.copied()).isEqualTo(3);
        assertThat(retry.alreadyPresent()).isZero();
        assertThat(retry.gone()).isEqualTo(1);
        assertThat(retry.cleared()).isFalse();
        assertThat(retry.stillQuarantined()).extracting(QuarantinedRow::key, QuarantinedRow::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("[700]", "Legacy tbl_clients.is_vip (key 700) holds 3, but a "
                        + "SMALLINT_BOOLEAN column holds only 0 (false) or 1 (true)"));
        assertThat(backfill.quarantine()).extracting(QuarantinedRow::key).containsExactly("[700]");
        assertThat(fixture.targetDb.queryLong("SELECT count(*) FROM clients WHERE id IN (30, 100, 901)")).isEqualTo(3);
        assertThat(fixture.targetDb.queryLong("SELECT count(*) FROM clients WHERE email = 'fixed@example.com'")).isEqualTo(2);
        BackfillStatus status = backfill.status();
        assertThat(status.rowsQuarantined()).isEqualTo(1);
        assertThat(status.rowsCopied()).isEqualTo(998);
        assertThat(fixture.targetCount()).isEqualTo(998);
    }

    @Test
    void shouldRetryNothingAndPlanNothingForARunWithoutQuarantine() {
        QuarantineRetry retry = fixture.backfill("never-run", BackfillConfig.ofDefaults()).retryQuarantined();

        assertThat(retry.retried()).isZero();
        assertThat(retry.cleared()).isTrue();
        assertThat(Backfill.runs(fixture.postgres, "clients")).extracting(BackfillPlan::run).doesNotContain("never-run");
    }

    @Test
    void shouldLeaveARowTheApplicationWroteMeanwhileAsItIsAndReleaseIt() {
        fixture.legacyDb.execute("UPDATE tbl_clients SET is_vip = 2 WHERE client_id = 42");
        Backfill<Client, Long> backfill = fixture.backfill("present", BackfillConfig.custom().chunkSize(500).build());
        backfill.run();
        fixture.legacyDb.execute("UPDATE tbl_clients SET is_vip = 0 WHERE client_id = 42");
        fixture.targetDb.execute("INSERT INTO clients (id, yclients_id, company_id, name, vip, balance, created_at, updated_at) "
                        + "VALUES (42, 9, 9, 'Written by the application', true, 0, now(), now())");

        QuarantineRetry retry = backfill.retryQuarantined();

        assertThat(retry.copied()).isZero();
        assertThat(retry.alreadyPresent()).isEqualTo(1);
        assertThat(retry.cleared()).isTrue();
        assertThat(backfill.quarantine()).isEmpty();
        assertThat(fixture.targetDb.queryLong("SELECT count(*) FROM clients WHERE id = 42 AND name = 'Written by the application'"))
                .isEqualTo(1);
    }

    @Test
    void shouldListTheRunsOfAnEntityOldestFirst() {
        fixture.backfill("first", BackfillConfig.custom().chunkSize(500).build()).plan();
        fixture.backfill("second", BackfillConfig.custom().chunkSize(500).build()).plan();

        assertThat(Backfill.runs(fixture.postgres, "clients")).extracting(BackfillPlan::run).containsExactly("first", "second");
        assertThat(Backfill.runs(fixture.postgres, "bookings")).isEmpty();
    }
}
