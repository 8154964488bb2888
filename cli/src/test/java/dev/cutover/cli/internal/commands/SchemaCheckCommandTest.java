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

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchemaCheckCommandTest {
    private CliDatabases databases;

    @BeforeAll
    void setUp() {
        databases = new CliDatabases("cli_schema", 1, 2);
    }

    @AfterAll
    void tearDown() {
        databases.close();
    }

    @Test
    void shouldReportEveryTableFitsWithExitZero() throws Exception {
        Run run = databases.run("schema-check");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("Schema check of companies, clients, staff, services, staff_services, bookings: "
                + "every table fits its mapping");

        Run json = databases.run("schema-check", "--json");
        JsonNode report = json.json();
        assertThat(report.get("exitCode").asInt()).isZero();
        assertThat(report.get("problems")).isEmpty();
    }

    @Test
    void shouldListABrokenColumnWithExitOne() throws Exception {
        databases.targetDb.execute("ALTER TABLE clients RENAME COLUMN email TO e_mail");
        try {
            Run run = databases.run("schema-check");
            assertThat(run.status()).isEqualTo(1);
            // The renamed column is both missing and a column the copy would leave NULL.
            assertThat(run.out()).contains("2 problems").contains("postgres table public.clients").contains("email")
                    .contains("column e_mail (text) is filled by no mapping column and has no default");

            Run json = databases.run("schema-check", "--json", "--table", "clients");
            assertThat(json.status()).isEqualTo(1);
            JsonNode report = json.json();
            assertThat(report.get("exitCode").asInt()).isEqualTo(1);
            assertThat(report.get("entities")).hasSize(1);
            assertThat(report.get("problems").get(0).get("column").asText()).isEqualTo("email");
        } finally {
            databases.targetDb.execute("ALTER TABLE clients RENAME COLUMN e_mail TO email");
        }
    }

    @Test
    void shouldSendBackfillAndVerifyToSchemaCheckWhenATableDoesNotFit() {
        databases.targetDb.execute("ALTER TABLE staff ADD COLUMN region text NOT NULL");
        try {
            Run backfill = databases.run("backfill", "--table", "staff", "--progress", "none");
            assertThat(backfill.status()).isEqualTo(2);
            assertThat(backfill.err()).contains("Backfill of staff cannot start: ").contains("region")
                    .contains("Run 'cutover schema-check' to see every problem at once.");

            Run verify = databases.run("verify", "--table", "staff", "--progress", "none");
            assertThat(verify.status()).isEqualTo(2);
            assertThat(verify.err()).contains("Cannot verify staff: ").contains("region")
                    .contains("Run 'cutover schema-check' to see every problem at once.");
        } finally {
            databases.targetDb.execute("ALTER TABLE staff DROP COLUMN region");
        }
    }

    @Test
    void shouldShowTheQuarantineSubcommandsWhenNoneIsGiven() {
        Run run = databases.run("quarantine");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("list", "retry");
    }

    @Test
    void shouldNameAnUnknownTableAndTheKnownOnes() {
        Run run = databases.run("schema-check", "--table", "clents");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown table 'clents'; the application's tables: companies, clients, staff, "
                + "services, staff_services, bookings");
    }

    @Test
    void shouldNameTheMissingVariableWithoutPrintingPasswords() {
        Map<String, String> environment = new HashMap<>(databases.environment());
        environment.remove("CUTOVER_LEGACY_URL");
        environment.put("CUTOVER_POSTGRES_PASSWORD", "s3cret-pw");

        Run run = CliDatabases.run(environment, "schema-check");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("CUTOVER_LEGACY_URL").doesNotContain("s3cret-pw");
    }
}
