package dev.cutover.cli.internal.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.cli.testing.CliDatabases;
import dev.cutover.cli.testing.CliDatabases.Run;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A bad row quarantined by backfill, listed, fixed in legacy, retried: the operator's loop. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuarantineCommandTest {
    private CliDatabases databases;

    @BeforeAll
    void setUp() {
        databases = new CliDatabases("cli_quarantine", 2, 100);
    }

    @AfterAll
    void tearDown() {
        databases.close();
    }

    @Test
    void shouldListAQuarantinedRowAndCopyItOnceFixed() throws Exception {
        databases.legacyDb.execute("UPDATE tbl_clients SET ai_ctx = '{\"tone\": ' WHERE client_id = 17");

        Run backfill = databases.run("backfill", "--table", "clients", "--run", "nightly", "--progress", "none");
        assertThat(backfill.status()).as(backfill.err()).isEqualTo(1);
        assertThat(backfill.out()).contains("1 row is quarantined: 'cutover quarantine list --run nightly' shows them");

        Run list = databases.run("quarantine", "list");
        assertThat(list.status()).isEqualTo(1);
        assertThat(list.out()).contains("clients [17] (run nightly, chunk 0, ")
                .contains("clients.ai_context (key 17) is not valid JSON")
                .contains("1 row quarantined. Fix them in legacy (or the target's schema), then run 'cutover quarantine retry'.");

        Map<String, String> withoutLegacy = new HashMap<>(databases.environment());
        withoutLegacy.remove("CUTOVER_LEGACY_URL");
        Run listedFromTarget = CliDatabases.run(withoutLegacy, "quarantine", "list");
        assertThat(listedFromTarget.status()).as("listing reads PostgreSQL alone: " + listedFromTarget.err()).isEqualTo(1);
        assertThat(listedFromTarget.out()).isEqualTo(list.out());

        Run json = databases.run("quarantine", "list", "--run", "nightly", "--table", "clients", "--json");
        JsonNode listed = json.json();
        assertThat(listed.get("count").asInt()).isEqualTo(1);
        JsonNode row = listed.get("rows").get(0);
        assertThat(row.get("run").asText()).isEqualTo("nightly");
        assertThat(row.get("table").asText()).isEqualTo("clients");
        assertThat(row.get("key").get(0).asLong()).isEqualTo(17);
        assertThat(row.get("reason").asText()).startsWith("clients.ai_context (key 17) is not valid JSON");
        assertThat(row.get("quarantinedAt").asText()).isNotBlank();
        assertThat(listed.get("exitCode").asInt()).isEqualTo(1);

        Run stillBroken = databases.run("quarantine", "retry");
        assertThat(stillBroken.status()).isEqualTo(1);
        assertThat(stillBroken.out()).contains("clients (run nightly): 1 retried: 0 copied, 0 already in PostgreSQL, "
                + "0 gone from legacy; 1 still quarantined").contains("1 row is still quarantined");

        databases.legacyDb.execute("UPDATE tbl_clients SET ai_ctx = '{\"tone\": \"warm\"}' WHERE client_id = 17");
        Run retry = databases.run("quarantine", "retry", "--run", "nightly");
        assertThat(retry.status()).as(retry.out() + retry.err()).isZero();
        assertThat(retry.out()).contains("1 retried: 1 copied").contains("The quarantine is empty.");
        assertThat(databases.targetDb.queryLong("SELECT count(*) FROM clients WHERE id = 17 AND ai_context->>'tone' = 'warm'"))
                .isEqualTo(1);

        assertThat(databases.run("quarantine", "list").out()).contains("No quarantined rows.");
        Run verify = databases.run("verify", "--table", "clients", "--progress", "none");
        assertThat(verify.status()).as(verify.out()).isZero();
        Run again = databases.run("backfill", "--table", "clients", "--run", "nightly", "--progress", "none");
        assertThat(again.status()).as("the run's quarantine count follows the retry").isZero();
    }

    @Test
    void shouldStopARunWhoseChunkHasTooManyBadRowsAndSayWhatToDo() {
        databases.targetDb.execute("ALTER TABLE companies ADD CONSTRAINT companies_name_check CHECK (name = 'nobody')");
        try {
            Run run = databases.run("backfill", "--table", "companies", "--run", "strict", "--max-quarantined-per-chunk",
                    "1", "--progress", "none");

            assertThat(run.status()).isEqualTo(2);
            assertThat(run.err()).contains("Backfill run 'strict' of companies stopped after 0 chunks: chunk 0 had more "
                    + "than 1 rows to set aside").contains("companies_name_check")
                    .contains("'cutover schema-check' lists what does not fit; fix it (or give --max-quarantined-per-chunk), "
                            + "then run 'cutover backfill --run strict' again to resume.");
            assertThat(run.err()).contains("the 2 rows set aside so far are in the quarantine of run 'strict' "
                    + "(cutover quarantine list --run strict)");
            assertThat(databases.targetDb.queryLong("SELECT count(*) FROM cutover.backfill_quarantine WHERE run = 'strict'"))
                    .isEqualTo(2);
        } finally {
            databases.targetDb.execute("ALTER TABLE companies DROP CONSTRAINT companies_name_check");
        }
        Run resumed = databases.run("backfill", "--table", "companies", "--run", "strict", "--progress", "none");
        assertThat(resumed.status()).as(resumed.err()).isZero();
        assertThat(databases.targetDb.queryLong("SELECT count(*) FROM cutover.backfill_quarantine WHERE run = 'strict'"))
                .isZero();
    }

    @Test
    void shouldNameTheRunsThereAreForAnUnknownRun() {
        databases.run("backfill", "--table", "companies", "--run", "first", "--progress", "none");

        Run run = databases.run("quarantine", "list", "--run", "secnd", "--table", "companies");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("No backfill run 'secnd' of table companies; the runs there are: first");
    }
}
