package dev.cutover.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.cutover.reference.Client;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackfillQuarantineTest {
    private BackfillFixture fixture;

    @BeforeAll
    void setUp() {
        fixture = new BackfillFixture("quarantine");
        fixture.loadClients(1_000);
    }

    @AfterAll
    void tearDown() {
        fixture.close();
    }

    @BeforeEach
    void emptyTarget() {
        fixture.loadClients(1_000); // undoes the previous test's damage to the legacy rows
        fixture.targetDb.execute("TRUNCATE clients", "DELETE FROM cutover.backfill_runs",
                "DELETE FROM cutover.backfill_quarantine", "ALTER TABLE clients DROP CONSTRAINT IF EXISTS clients_email_check");
    }

    @Test
    void shouldBisectAChunkOfAThousandRowsToQuarantineItsThreeBadRowsAndCopyTheOthers() {
        // The target is stricter than the legacy table: three legacy e-mails fail its CHECK, only on the server.
        fixture.targetDb.execute("ALTER TABLE clients ADD CONSTRAINT clients_email_check CHECK (email LIKE '%@%')");
        fixture.legacyDb.execute("UPDATE tbl_clients SET email = 'broken' WHERE client_id IN (100, 500, 901)");
        List<QuarantinedRow> heard = new CopyOnWriteArrayList<>();
        Backfill<Client, Long> backfill = fixture.backfill("bisect", BackfillConfig.custom().chunkSize(1_000).workers(1)
                .listener(new BackfillListener() {
                    @Override
                    public void onQuarantined(QuarantinedRow row) {
                        heard.add(row);
                    }
                }).build());

        BackfillReport report = backfill.run();

        assertThat(report.chunksDone()).isEqualTo(1);
        assertThat(report.rowsCopied()).isEqualTo(997);
        assertThat(report.rowsQuarantined()).isEqualTo(3);
        assertThat(fixture.targetCount()).isEqualTo(997);
        List<QuarantinedRow> quarantined = backfill.quarantine();
        assertThat(quarantined).extracting(QuarantinedRow::key).containsExactly("[100]", "[500]", "[901]");
        assertThat(quarantined).extracting(QuarantinedRow::reason).containsOnly("Rejected by PostgreSQL (SQLState 23514 check_violation): "
                + "new row for relation \"clients\" violates check constraint \"clients_email_check\"");
        assertThat(quarantined).extracting(QuarantinedRow::sqlState).containsOnly("23514");
        assertThat(quarantined.get(0).rawValue()).startsWith("{\"id\":\"100\",\"yclients_id\":\"100100\",\"company_id\":\"2\",")
                .contains("\"email\":\"broken\"");
        assertThat(heard).hasSize(3);
        assertThat(fixture.targetDb.queryLong("SELECT count(*) FROM clients WHERE id IN (100, 500, 901)")).isZero();
    }

    @Test
    void shouldQuarantineValuesThatAreBadBeforeSendingWithTheirReason() {
        fixture.legacyDb.execute(
                "UPDATE tbl_clients SET ai_ctx = '{\"tone\": ' WHERE client_id = 10",
                "UPDATE tbl_clients SET ai_ctx = '{\"summary\": \"a\\u0000b\"}' WHERE client_id = 20",
                "UPDATE tbl_clients SET is_vip = 2 WHERE client_id = 30",
                "UPDATE tbl_clients SET visits_json = '[1] [2]' WHERE client_id = 40");
        Backfill<Client, Long> backfill = fixture.backfill("values", BackfillConfig.custom().chunkSize(250).build());

        BackfillReport report = backfill.run();

        assertThat(report.rowsCopied()).isEqualTo(996);
        assertThat(report.rowsQuarantined()).isEqualTo(4);
        assertThat(backfill.quarantine()).extracting(QuarantinedRow::key, QuarantinedRow::reason, QuarantinedRow::sqlState)
                .containsExactly(
                        tuple("[10]", "clients.ai_context (key 10) is not valid JSON: "
                                + "Unexpected end-of-input within/between Object entries; value starts with '{\"tone\": '", "22P02"),
                        tuple("[20]", "clients.ai_context (key 20) holds a NUL character "
                                + "(\\u0000) at /summary, which PostgreSQL jsonb rejects; remove or replace it before writing",
                                "22P05"),
                        tuple("[30]", "Legacy tbl_clients.is_vip (key 30) holds 2, but a "
                                + "SMALLINT_BOOLEAN column holds only 0 (false) or 1 (true)", "22P02"),
                        tuple("[40]", "clients.visit_history (key 40) is not valid JSON: "
                                + "trailing content after the value; value starts with '[1] [2]'", "22P02"));
        assertThat(backfill.quarantine().get(2).rawValue()).contains("\"is_vip\":\"2\"").contains("\"client_id\":\"30\"");
    }

    @Test
    void shouldStopAtAChunkWhoseRowsAllFailAsASchemaProblemRatherThanQuarantineThemAll() {
        fixture.targetDb.execute("ALTER TABLE clients ADD COLUMN region text NOT NULL");
        try {
            Backfill<Client, Long> backfill = fixture.backfill("schema", BackfillConfig.custom().chunkSize(1_000).workers(1)
                    .maxQuarantinedPerChunk(5).build());

            assertThatThrownBy(backfill::run).isInstanceOf(BackfillException.class).hasMessage("Backfill run 'schema' "
                    + "of clients stopped after 0 chunks: chunk 0 had more than 5 rows to set aside (the first: Rejected by "
                    + "PostgreSQL (SQLState 23502 not_null_violation): null value in column \"region\" of relation \"clients\" violates "
                    + "not-null constraint (column region)); so many look like a schema or mapping problem rather than "
                    + "bad rows: fix it, or raise maxQuarantinedPerChunk; the 6 rows set aside so far are in the quarantine "
                    + "of run 'schema' (cutover quarantine list --run schema) and the chunk will be copied again; finished "
                    + "chunks stay finished, run it again to resume");
            // The run stopped, yet every record it made is kept: what to look at is there.
            assertThat(backfill.quarantine()).hasSize(6).extracting(QuarantinedRow::sqlState).containsOnly("23502");
            assertThat(backfill.status().chunksPending()).isEqualTo(1);
            assertThat(backfill.status().rowsQuarantined()).isZero();
        } finally {
            fixture.targetDb.execute("ALTER TABLE clients DROP COLUMN region");
        }
        Backfill<Client, Long> again = fixture.backfill("schema", BackfillConfig.custom().chunkSize(1_000).workers(1).build());
        assertThat(again.run().rowsCopied()).isEqualTo(1_000);
        assertThat(again.quarantine()).as("the records of the stopped attempt go when the chunk is copied").isEmpty();
    }

    @Test
    void shouldCopyAValueACleaningRuleRepairs() {
        fixture.legacyDb.execute("UPDATE tbl_clients SET visits_json = NULL, full_name = '' WHERE client_id = 50");
        fixture.targetDb.execute("ALTER TABLE clients ADD CONSTRAINT clients_email_check CHECK (name <> '')");
        Backfill<Client, Long> backfill = fixture.backfill("rules", BackfillConfig.custom().chunkSize(500)
                .clean("name", v -> "".equals(v) ? "(no name)" : v).build());

        BackfillReport report = backfill.run();

        assertThat(report.rowsQuarantined()).isZero();
        assertThat(fixture.targetDb.queryLong("SELECT count(*) FROM clients WHERE id = 50 AND name = '(no name)'")).isEqualTo(1);
    }
}
