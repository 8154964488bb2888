package dev.cutover.cli.internal.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.Backend;
import dev.cutover.cli.testing.CliDatabases;
import dev.cutover.cli.testing.CliDatabases.Run;
import dev.cutover.dual.Outbox;
import dev.cutover.dual.OutboxKey;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Outbox entries left by application instances (legacy-primary and postgres-primary writes), drained from the CLI. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReconcileCommandTest {
    private CliDatabases databases;

    @BeforeAll
    void setUp() {
        databases = new CliDatabases("cli_reconcile", 1, 50);
        Run backfill = databases.run("backfill", "--progress", "none");
        assertThat(backfill.status()).as(backfill.err()).isZero();
        Run outboxes = databases.run("reconcile", "--progress", "none"); // creates both outbox tables
        assertThat(outboxes.status()).as(outboxes.err()).isZero();
    }

    @AfterAll
    void tearDown() {
        databases.close();
    }

    @Test
    void shouldCopyThePrimarysRowOfEveryPendingKeyAndEndWithEmptyOutboxes() throws Exception {
        Run empty = databases.run("reconcile", "--progress", "none"); // finds nothing
        assertThat(empty.status()).as(empty.err()).isZero();
        assertThat(empty.out()).contains("legacy-primary writes (table \"cutover_outbox\" (legacy PostgreSQL)): 0 entries");

        // Writes whose mirroring did not happen: legacy-primary to clients 5 and a deleted client 6, postgres-primary to client 7.
        databases.legacyDb.execute("UPDATE tbl_clients SET full_name = 'Renamed on legacy' WHERE client_id = 5",
                "DELETE FROM tbl_clients WHERE client_id = 6",
                "INSERT INTO cutover_outbox (table_name, entity_key, created_at) VALUES "
                        + "('clients', '[5]', (extract(epoch FROM now()) * 1000000)::bigint), "
                        + "('clients', '[6]', (extract(epoch FROM now()) * 1000000)::bigint)");
        databases.targetDb.execute("UPDATE clients SET name = 'Renamed on postgres' WHERE id = 7",
                "INSERT INTO cutover.outbox (table_name, entity_key, created_at) VALUES ('clients', '[7]', now())");
        Run verify = databases.run("verify", "--table", "clients", "--recheck-attempts", "0", "--progress", "none");
        assertThat(verify.status()).isEqualTo(1);

        Run run = databases.run("reconcile", "--timeout", "60s", "--json", "--progress", "none");

        assertThat(run.status()).as(run.out() + run.err()).isZero();
        JsonNode outcome = run.json();
        assertThat(outcome.get("settled").asLong()).isEqualTo(3);
        assertThat(outcome.get("remaining").asLong()).isZero();
        assertThat(outcome.get("backlog")).hasSize(2);
        assertThat(outcome.get("exitCode").asInt()).isZero();
        assertThat(databases.targetDb.queryLong("SELECT count(*) FROM clients WHERE id = 5 AND name = 'Renamed on legacy'"))
                .isEqualTo(1);
        assertThat(databases.targetDb.queryLong("SELECT count(*) FROM clients WHERE id = 6")).isZero();
        assertThat(databases.legacyDb.queryLong(
                "SELECT count(*) FROM tbl_clients WHERE client_id = 7 AND full_name = 'Renamed on postgres'")).isEqualTo(1);
        assertThat(databases.run("verify", "--table", "clients", "--progress", "none").status()).isZero();
    }

    @Test
    void shouldSayItsSettleRateAndStillSettleEverything() {
        databases.legacyDb.execute("INSERT INTO cutover_outbox (table_name, entity_key, created_at) SELECT 'clients', "
                + "'[' || g || ']', (extract(epoch FROM now()) * 1000000)::bigint FROM generate_series(1, 30) g");

        Run run = databases.run("reconcile", "--settle-rate", "20", "--timeout", "60s", "--progress", "none");

        assertThat(run.status()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("Settled 30 entries").contains("(at most 20 entries a second, --settle-rate).");
    }

    @Test
    void shouldRefuseANegativeSettleRateNamingIt() {
        Run run = databases.run("reconcile", "--settle-rate", "-1", "--progress", "none");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("--settle-rate must be 0 (no limit) or a number of entries a second, was -1");
    }

    @Test
    void shouldDrainALegacyJournalLeftByAStoppedInstance(@TempDir Path dir) {
        Path journal = dir.resolve("legacy.journal");
        try (Outbox outbox = Outbox.journal(Backend.LEGACY, journal)) {
            outbox.record(List.of(new OutboxKey("clients", "[9]")), Instant.now());
        }
        databases.legacyDb.execute("UPDATE tbl_clients SET phone = '+10000000009' WHERE client_id = 9");

        Run run = databases.run("reconcile", "--legacy-journal", journal.toString(), "--timeout", "60s", "--progress", "none");

        assertThat(run.status()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("legacy-primary writes (journal").contains("Settled 1 entry, copied 1 row");
        assertThat(databases.targetDb.queryLong("SELECT count(*) FROM clients WHERE id = 9 AND phone = '+10000000009'"))
                .isEqualTo(1);
    }

    @Test
    void shouldSettleTheOtherRowsAndListARowTheSecondaryRefusesUntilItTakesIt() throws Exception {
        databases.targetDb.execute("ALTER TABLE clients ADD CONSTRAINT clients_not_refused CHECK (name <> 'Refused')");
        try {
            databases.legacyDb.execute("UPDATE tbl_clients SET full_name = 'Refused' WHERE client_id = 11",
                    "UPDATE tbl_clients SET full_name = 'Fine' WHERE client_id = 12",
                    "INSERT INTO cutover_outbox (table_name, entity_key, created_at) VALUES "
                            + "('clients', '[11]', (extract(epoch FROM now()) * 1000000)::bigint), "
                            + "('clients', '[12]', (extract(epoch FROM now()) * 1000000)::bigint)");

            Run run = databases.run("reconcile", "--timeout", "60s", "--progress", "none");

            assertThat(run.status()).as(run.out() + run.err()).isEqualTo(1);
            assertThat(run.out()).contains("1 row refused by the secondary; their outbox entries stay and are retried "
                    + "with backoff (fix the row or the secondary's constraint, then run again):")
                    .contains("  legacy-primary clients [11]: SQLState 23514: ERROR: new row for relation \"clients\" "
                            + "violates check constraint \"clients_not_refused\" (1 entry, oldest ")
                    .doesNotContain("not settled within");
            assertThat(databases.targetDb.queryLong("SELECT count(*) FROM clients WHERE id = 12 AND name = 'Fine'"))
                    .isEqualTo(1);
            assertThat(databases.legacyDb.queryLong("SELECT count(*) FROM cutover_outbox WHERE entity_key = '[11]'"))
                    .isEqualTo(1);

            Run json = databases.run("reconcile", "--timeout", "60s", "--json", "--progress", "none");
            assertThat(json.status()).isEqualTo(1);
            JsonNode outcome = json.json();
            assertThat(outcome.get("remaining").asLong()).isEqualTo(1);
            assertThat(outcome.get("refused")).hasSize(1);
            assertThat(outcome.get("refused").get(0).get("key").asText()).isEqualTo("[11]");
            assertThat(outcome.get("refused").get(0).get("table").asText()).isEqualTo("clients");
            assertThat(outcome.get("refused").get(0).get("reason").asText()).startsWith("SQLState 23514: ");
        } finally {
            databases.targetDb.execute("ALTER TABLE clients DROP CONSTRAINT clients_not_refused");
        }

        Run after = databases.run("reconcile", "--timeout", "60s", "--progress", "none");

        assertThat(after.status()).as(after.out() + after.err()).isZero();
        assertThat(databases.targetDb.queryLong("SELECT count(*) FROM clients WHERE id = 11 AND name = 'Refused'"))
                .isEqualTo(1);
    }

    @Test
    void shouldReturnAtOnceNamingEntriesOfTablesTheApplicationDoesNotConfigure() throws Exception {
        databases.legacyDb.execute("INSERT INTO cutover_outbox (table_name, entity_key, created_at) VALUES "
                + "('payments', '[1]', (extract(epoch FROM now()) * 1000000)::bigint), "
                + "('invoices', '[1]', (extract(epoch FROM now()) * 1000000)::bigint), "
                + "('payments', '[2]', (extract(epoch FROM now()) * 1000000)::bigint)");
        try {
            Run run = databases.run("reconcile", "--timeout", "5m", "--progress", "none");

            assertThat(run.status()).as(run.out() + run.err()).isEqualTo(1);
            assertThat(run.out()).contains("3 entries of unknown tables: invoices, payments (reconcile them from a process "
                    + "that knows them)").doesNotContain("not settled within");
            Run json = databases.run("reconcile", "--timeout", "5m", "--json", "--progress", "none");
            assertThat(json.status()).isEqualTo(1);
            JsonNode unknown = json.json().get("unknownTables");
            assertThat(unknown.get("invoices").asLong()).isEqualTo(1);
            assertThat(unknown.get("payments").asLong()).isEqualTo(2);
        } finally {
            databases.legacyDb.execute("DELETE FROM cutover_outbox WHERE table_name IN ('payments', 'invoices')");
        }
    }

    @Test
    void shouldRefuseADurationItCannotRead() {
        Run run = databases.run("reconcile", "--timeout", "5 minutes");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("'5 minutes' is not a duration; allowed: a whole number with ms, s, m or h");
    }
}
