package dev.cutover.cli.internal.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.cli.testing.CliDatabases;
import dev.cutover.cli.testing.CliDatabases.Run;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code cutover migrate} on databases that have the application's tables and none of Cutover's yet. */
class MigrateCommandTest {
    private static final String MIGRATIONS = "V1, V100, V150, V200, V201, V202, V203, V300, V350, V351, V352, V353, V400";
    private CliDatabases databases;

    @BeforeEach
    void createDatabases() {
        databases = new CliDatabases("cli_migrate", 1, 2);
    }

    @AfterEach
    void dropDatabases() {
        databases.close();
    }

    private long cutoverSchemas() {
        return databases.targetDb.queryLong("SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'cutover'");
    }

    private long legacyOutboxTables() {
        return databases.legacyDb.queryLong("SELECT count(*) FROM information_schema.tables WHERE table_name = 'cutover_outbox'");
    }

    @Test
    void shouldListWhatIsPendingOnADryRunAndApplyNothing() throws Exception {
        Run run = databases.run("migrate", "--dry-run");

        assertThat(run.status()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).as(MIGRATIONS).startsWith("postgres, schema cutover: at version none (not created yet); 13 migrations pending:\n"
                + "  1  cutover schema\n")
                .contains("  201  audit identity append only\n", "  400  instance status\n")
                .contains("legacy, table cutover_outbox: at version none (not created yet); 1 migration pending:\n  1  cutover outbox\n")
                .endsWith("Dry run: nothing applied. Run 'cutover migrate' to apply them.\n");
        assertThat(cutoverSchemas()).isZero();
        assertThat(legacyOutboxTables()).isZero();
    }

    @Test
    void shouldCreateBothDatabasesTablesThenFindThemUpToDate() throws Exception {
        Run first = databases.run("migrate");

        assertThat(first.status()).as(first.err()).isZero();
        assertThat(first.out()).startsWith("postgres, schema cutover: version none (not created yet) -> 400; applied 13 migrations:\n"
                + "  1  cutover schema\n").contains("legacy, table cutover_outbox: version none (not created yet) -> 1; applied 1 migration:\n"
                + "  1  cutover outbox\n");
        assertThat(databases.targetDb.queryLong("SELECT count(*) FROM cutover.route_flag")).isZero();
        assertThat(legacyOutboxTables()).isEqualTo(1);

        Run again = databases.run("migrate");
        assertThat(again.status()).as(again.err()).isZero();
        assertThat(again.out()).isEqualTo("postgres, schema cutover: up to date at version 400\n"
                + "legacy, table cutover_outbox: up to date at version 1\n");

        Run dryRun = databases.run("migrate", "--dry-run", "--json");
        assertThat(dryRun.status()).isZero();
        JsonNode json = dryRun.json();
        assertThat(json.get("dryRun").asBoolean()).isTrue();
        assertThat(json.get("databases").findValuesAsText("database")).containsExactly("postgres", "legacy");
        assertThat(json.get("databases").findValuesAsText("after")).containsExactly("400", "1");
        assertThat(json.get("databases").get(0).get("pending")).isEmpty();
        assertThat(json.get("databases").get(0).get("skipped").isNull()).isTrue();
        assertThat(databases.run("status").out()).contains("Cutover's tables (schema cutover): version 400, up to date");
    }

    @Test
    void shouldHaveStatusAskForTheMigrationThatIsMissing() {
        assertThat(databases.run("migrate").status()).isZero();
        databases.targetDb.execute("DELETE FROM cutover.cutover_schema_history WHERE version = '400'",
                "DROP TABLE cutover.instance_status");

        Run status = databases.run("status");

        assertThat(status.status()).as(status.out() + status.err()).isEqualTo(1);
        assertThat(status.out()).contains("Cutover's tables (schema cutover): version 353, 1 migration(s) pending (400 instance status)",
                "  - Cutover's tables: version 353, 1 migration(s) pending (400 instance status): run 'cutover migrate'");
        assertThat(databases.run("migrate").out()).startsWith("postgres, schema cutover: version 353 -> 400; applied 1 migration:\n"
                + "  400  instance status\n");
        assertThat(databases.run("status").out()).contains("version 400, up to date");
    }

    @Test
    void shouldLeaveTheLegacyDatabaseAloneWithoutItsUrl() throws Exception {
        Map<String, String> environment = new HashMap<>(databases.environment());
        environment.remove("CUTOVER_LEGACY_URL");

        Run run = CliDatabases.run(environment, "migrate", "--json");

        assertThat(run.status()).as(run.err()).isZero();
        JsonNode legacy = run.json().get("databases").get(1);
        assertThat(legacy.get("skipped").asText()).isEqualTo("CUTOVER_LEGACY_URL is not set");
        assertThat(legacy.get("applied")).isEmpty();
        assertThat(cutoverSchemas()).isEqualTo(1);
        assertThat(legacyOutboxTables()).isZero();
    }

    @Test
    void shouldSayHowToCreateTheBackfillTablesWhenTheQuarantineIsAskedBeforeAnyBackfill() {
        Run run = databases.run("quarantine", "list");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).startsWith("cutover quarantine list: Cutover's backfill tables do not exist in CUTOVER_POSTGRES_URL's"
                + " database [SQLState 42P01]: no backfill has run there ('cutover migrate' creates them");
        assertThat(cutoverSchemas()).as("a listing creates nothing").isZero();
    }

    @Test
    void shouldShowTheRoutesOfTheOverrideWhenTheFlagStoreIsMissing() {
        Map<String, String> environment = new HashMap<>(databases.environment());
        environment.put("CUTOVER_ROUTE_OVERRIDE", "legacy");

        Run run = CliDatabases.run(environment, "status");

        assertThat(run.status()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).contains("Routes (this environment, then the flag store: not readable, see Attention)",
                "  - The flag store could not be read (table cutover.route_flag does not exist [SQLState 42P01]")
                .containsPattern("ClientRepository\\.findById +read +legacy +override");
    }

    @Test
    void shouldSayHowToCreateTheFlagStoreWhenItIsMissing() {
        Run run = databases.run("flags", "show");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("run 'cutover migrate' first");
    }
}
