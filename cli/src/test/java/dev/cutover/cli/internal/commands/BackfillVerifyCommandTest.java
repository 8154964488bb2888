package dev.cutover.cli.internal.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.cli.testing.CliDatabases;
import dev.cutover.cli.testing.CliDatabases.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** backfill then verify, as an operator runs them: one story, in order. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackfillVerifyCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private CliDatabases databases;

    @BeforeAll
    void setUp() {
        databases = new CliDatabases("cli_backfill", 4, 250); // 1,000 clients and bookings
    }

    @AfterAll
    void tearDown() {
        databases.close();
    }

    @Test
    @Order(1)
    void shouldCopyEveryTableInOrderAndSummariseEach() {
        Run run = databases.run("backfill", "--chunk-size", "300", "--workers", "2", "--progress", "lines");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("table", "copied", "quarantined", "rows/s");
        assertThat(run.out().lines().filter(l -> l.startsWith("clients ")).findFirst().orElseThrow())
                .contains("1,000").contains("complete");
        assertThat(run.err()).contains("clients: run 'default', 1,000 rows in 4 chunks of 300")
                .contains("clients: done, 1,000 rows").contains("bookings: done, 1,000 rows");
        assertThat(run.err().indexOf("companies:")).isLessThan(run.err().indexOf("bookings:"));
        assertThat(databases.targetDb.queryLong("SELECT count(*) FROM clients")).isEqualTo(1_000);
        assertThat(databases.targetDb.queryLong("SELECT count(*) FROM staff_services"))
                .isEqualTo(databases.data.staffServices().size());
        // staff_services has the target's types in the legacy schema; clients does not (jsonb, boolean, timestamptz)
        assertThat(run.out()).contains(String.format(java.util.Locale.ROOT, "  staff_services: %,d rows copied by "
                + "pass-through (binary COPY straight from the legacy table)", databases.data.staffServices().size()))
                .doesNotContain("  clients: ");
    }

    @Test
    @Order(2)
    void shouldCopyValueByValueWithNoPassThrough() throws Exception {
        databases.targetDb.execute("TRUNCATE staff_services");

        Run run = databases.run("backfill", "--table", "staff_services", "--run", "value-by-value", "--no-pass-through",
                "--json", "--progress", "none");

        assertThat(run.status()).as(run.err()).isZero();
        JsonNode table = run.json().get("tables").get(0);
        assertThat(table.get("rowsCopied").asLong()).isEqualTo(databases.data.staffServices().size());
        assertThat(table.get("rowsPassedThrough").asLong()).isZero();
        assertThat(run.out()).doesNotContain("pass-through");
    }

    @Test
    @Order(2)
    void shouldResumeAFinishedRunWithNothingToDoAndSayItInJson() throws Exception {
        Run run = databases.run("backfill", "--table", "clients", "--json", "--progress", "none");

        assertThat(run.status()).as(run.err()).isZero();
        JsonNode summary = run.json();
        assertThat(summary.get("exitCode").asInt()).isZero();
        assertThat(summary.get("run").asText()).isEqualTo("default");
        JsonNode clients = summary.get("tables").get(0);
        assertThat(clients.get("table").asText()).isEqualTo("clients");
        assertThat(clients.get("rowsCopied").asLong()).isZero();
        assertThat(clients.get("runState").get("rowsCopied").asLong()).isEqualTo(1_000);
        assertThat(clients.get("runState").get("complete").asBoolean()).isTrue();
        assertThat(run.err()).isEmpty();
    }

    @Test
    @Order(3)
    void shouldVerifyEveryTableEqualAfterTheBackfill(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("verify.json");
        assertThat(databases.run("status").out()).contains("Verified (the latest report each table saved with 'cutover"
                + " verify --save'):\n  none saved yet");
        Run run = databases.run("verify", "--report-file", file.toString(), "--progress", "none", "--save");

        assertThat(run.status()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("Verify clients (legacy tbl_clients, postgres public.clients): EQUAL, exit code 0")
                .contains("Every row of 6 tables is equal on both sides.");
        JsonNode saved = JSON.readTree(Files.readString(file));
        assertThat(saved.get("exitCode").asInt()).isZero();
        assertThat(saved.get("tables")).hasSize(6);

        Run status = databases.run("status", "--json");
        JsonNode verified = status.json().get("verified");
        assertThat(verified.findValuesAsText("table")).containsExactlyInAnyOrder("companies", "clients", "staff", "services",
                "staff_services", "bookings");
        assertThat(verified.findValuesAsText("status")).containsOnly("EQUAL");
        assertThat(databases.targetDb.queryLong("SELECT count(*) FROM cutover.verify_reports")).isEqualTo(6);
        assertThat(databases.run("status").out()).containsPattern("\n  clients +EQUAL +at \\d{4}-");
    }

    @Test
    @Order(4)
    void shouldFindACorruptedRowWithExitOneAndListItInJson() throws Exception {
        databases.targetDb.execute("CREATE TABLE saved_42 AS SELECT name FROM clients WHERE id = 42",
                "UPDATE clients SET name = 'Mallory' WHERE id = 42");
        try {
            for (String mode : new String[] {"rows", "checksum"}) {
                Run run = databases.run("verify", "--table", "clients", "--mode", mode, "--recheck-attempts", "0", "--json");

                assertThat(run.status()).as(run.err()).isEqualTo(1);
                JsonNode report = run.json();
                assertThat(report.get("exitCode").asInt()).isEqualTo(1);
                JsonNode clients = report.get("tables").get(0);
                assertThat(clients.get("status").asText()).isEqualTo("DIFFERENT");
                assertThat(clients.get("method").asText()).isEqualTo(mode.equals("rows") ? "ROW_BY_ROW" : "CHECKSUM");
                JsonNode mismatch = clients.get("mismatches").get(0);
                assertThat(mismatch.get("kind").asText()).isEqualTo("DIFFERENT");
                assertThat(mismatch.get("key").get("id").asLong()).isEqualTo(42);
                assertThat(mismatch.toString()).contains("Mallory");
            }
        } finally {
            databases.targetDb.execute("UPDATE clients SET name = (SELECT name FROM saved_42) WHERE id = 42",
                    "DROP TABLE saved_42");
        }
    }

    @Test
    @Order(5)
    void shouldListARowLegacyCannotReadWithItsKeyAndReasonAndExitOne() throws Exception {
        databases.legacyDb.execute("CREATE TABLE saved_77 AS SELECT ai_ctx FROM tbl_clients WHERE client_id = 77",
                "UPDATE tbl_clients SET ai_ctx = '{\"tone\": warm' WHERE client_id = 77");
        try {
            Run text = databases.run("verify", "--table", "clients", "--progress", "none");
            Run json = databases.run("verify", "--table", "clients", "--mode", "rows", "--json", "--progress", "none");

            assertThat(text.status()).as(text.out() + text.err()).isEqualTo(1);
            assertThat(text.out()).contains("Verify clients (legacy tbl_clients, postgres public.clients): DIFFERENT, exit code 1",
                    "different: 0, unreadable: 1,",
                    "  unreadable in legacy id=77 [77] column ai_ctx: Legacy tbl_clients.ai_ctx (key 77) is not valid JSON: ",
                    "1 row differs.", "Unreadable rows: fix the value the reason names on that side");
            assertThat(json.status()).as(json.err()).isEqualTo(1);
            JsonNode report = json.json();
            assertThat(report.get("exitCode").asInt()).isEqualTo(1);
            JsonNode clients = report.get("tables").get(0);
            assertThat(clients.get("status").asText()).isEqualTo("DIFFERENT");
            assertThat(clients.get("unreadable").asLong()).isEqualTo(1);
            assertThat(clients.get("different").asLong()).isZero();
            assertThat(clients.get("statistics").get("rowsCompared").asLong()).isEqualTo(1_000);
            JsonNode row = clients.get("mismatches").get(0);
            assertThat(row.get("kind").asText()).isEqualTo("UNREADABLE");
            assertThat(row.get("key").get("id").asLong()).isEqualTo(77);
            assertThat(row.get("side").asText()).isEqualTo("LEGACY");
            assertThat(row.get("column").asText()).isEqualTo("ai_ctx");
            assertThat(row.get("reason").asText()).startsWith("Legacy tbl_clients.ai_ctx (key 77) is not valid JSON: ");
        } finally {
            databases.legacyDb.execute("UPDATE tbl_clients SET ai_ctx = (SELECT ai_ctx FROM saved_77) WHERE client_id = 77",
                    "DROP TABLE saved_77");
        }
    }

    @Test
    @Order(6)
    void shouldShareOneRunBetweenTwoProcessesWithoutDoingAChunkTwice() throws Exception {
        databases.targetDb.execute("TRUNCATE bookings");
        String[] args = {"backfill", "--table", "bookings", "--run", "shared", "--chunk-size", "50", "--workers", "1",
                "--json", "--progress", "none"};
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            Future<Run> first = two.submit(() -> databases.run(args));
            Future<Run> second = two.submit(() -> databases.run(args));
            Run a = first.get();
            Run b = second.get();

            assertThat(a.status()).as(a.err()).isZero();
            assertThat(b.status()).as(b.err()).isZero();
            long chunks = a.json().get("tables").get(0).get("chunksDone").asLong()
                    + b.json().get("tables").get(0).get("chunksDone").asLong();
            assertThat(chunks).isEqualTo(20);
            assertThat(databases.targetDb.queryLong("SELECT count(*) FROM bookings")).isEqualTo(1_000);
        } finally {
            two.shutdownNow();
        }
    }

    @Test
    @Order(7)
    void shouldRefuseABadOptionNamingItsValue() {
        Run run = databases.run("backfill", "--chunk-size", "0");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("chunkSize must be between 1 and 1000000, was '0'");
    }
}
