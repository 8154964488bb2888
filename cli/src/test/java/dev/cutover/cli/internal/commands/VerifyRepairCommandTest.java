package dev.cutover.cli.internal.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.cli.testing.CliDatabases;
import dev.cutover.cli.testing.CliDatabases.Run;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code cutover verify --repair}: rows made different with plain SQL are queued in the outbox of the table's write
 * primary (from the routes in force), {@code cutover reconcile} settles them, and verify then finds every row equal; in
 * both directions; refused, queuing nothing, when the routes give no single primary or the other outbox holds entries.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VerifyRepairCommandTest {
    private CliDatabases databases;

    @BeforeAll
    void setUp() {
        databases = new CliDatabases("cli_repair", 3, 500); // 1,500 clients
        Run backfill = databases.run("backfill", "--table", "companies", "--table", "clients", "--progress", "none");
        assertThat(backfill.status()).as(backfill.err()).isZero();
    }

    @AfterAll
    void tearDown() {
        databases.close();
    }

    @BeforeEach
    void equalAgain() {
        Run reconcile = databases.run("reconcile", "--timeout", "60s", "--progress", "none");
        assertThat(reconcile.status()).as(reconcile.out() + reconcile.err()).isZero();
        databases.targetDb.execute("DELETE FROM clients");
        databases.legacyDb.execute("DELETE FROM tbl_clients");
        databases.seedLegacy();
        Run backfill = databases.run("backfill", "--table", "clients", "--run", "again-" + System.nanoTime(),
                "--progress", "none");
        assertThat(backfill.status()).as(backfill.err()).isZero();
    }

    private void makeDifferent() {
        databases.targetDb.execute("DELETE FROM clients WHERE id % 3 = 0"); // missing in PostgreSQL
        databases.legacyDb.execute("DELETE FROM tbl_clients WHERE client_id % 5 = 1", // extra in PostgreSQL
                "UPDATE tbl_clients SET full_name = full_name || ' (legacy)' WHERE client_id % 7 = 2"); // different
    }

    private Map<String, String> routes(String... variables) {
        Map<String, String> environment = new HashMap<>(databases.environment());
        for (int i = 0; i < variables.length; i += 2) {
            environment.put(variables[i], variables[i + 1]);
        }
        return environment;
    }

    @Test
    void shouldQueueEveryDifferenceInTheLegacyOutboxWhileWritesAreOnLegacyAndReconcileToEqual() {
        makeDifferent();

        Run repair = databases.run("verify", "--table", "clients", "--repair", "--recheck-attempts", "0", "--progress", "none");

        assertThat(repair.status()).as(repair.out() + repair.err()).isEqualTo(1);
        long queued = databases.legacyDb.queryLong("SELECT count(*) FROM cutover_outbox WHERE table_name = 'clients'");
        assertThat(queued).isGreaterThan(500);
        assertThat(repair.out()).contains("  repair: queued " + queued + " keys (missing 400, extra 200, different ")
                .contains("Repair: queued " + String.format("%,d", queued) + " keys for the reconciler:\n  clients: legacy ->"
                        + " postgres, " + String.format("%,d", queued) + " keys (missing 400, extra 200, different ")
                .contains(") in table \"cutover_outbox\" (legacy PostgreSQL)\nThe application's reconciler copies");

        Run reconcile = databases.run("reconcile", "--timeout", "60s", "--progress", "none");
        assertThat(reconcile.status()).as(reconcile.out() + reconcile.err()).isZero();

        Run verify = databases.run("verify", "--table", "clients", "--progress", "none");
        assertThat(verify.status()).as(verify.out()).isZero();
        assertThat(databases.targetDb.queryLong("SELECT count(*) FROM clients"))
                .isEqualTo(databases.legacyDb.queryLong("SELECT count(*) FROM tbl_clients"));
    }

    @Test
    void shouldQueueInThePostgresOutboxWhileWritesArePostgresPrimaryAndSayItInJson() {
        makeDifferent();
        long postgresRows = databases.targetDb.queryLong("SELECT count(*) FROM clients");
        Map<String, String> postgresDual = routes("CUTOVER_ROUTE__CLIENT_REPOSITORY", "postgres-dual");

        Run repair = CliDatabases.run(postgresDual, "verify", "--table", "clients", "--repair", "--json",
                "--recheck-attempts", "0", "--progress", "none");

        assertThat(repair.status()).as(repair.out() + repair.err()).isEqualTo(1);
        JsonNode document = repair.json();
        JsonNode clients = document.get("repair").get("tables").get(0);
        assertThat(clients.get("table").asText()).isEqualTo("clients");
        assertThat(clients.get("primary").asText()).isEqualTo("postgres");
        assertThat(clients.get("secondary").asText()).isEqualTo("legacy");
        assertThat(clients.get("outbox").asText()).isEqualTo("table cutover.outbox (PostgreSQL)");
        assertThat(clients.get("missing").asLong()).isEqualTo(400);
        assertThat(clients.get("extra").asLong()).isEqualTo(200);
        long queued = databases.targetDb.queryLong("SELECT count(*) FROM cutover.outbox WHERE table_name = 'clients'");
        assertThat(clients.get("queued").asLong()).isEqualTo(queued);
        assertThat(document.get("repair").get("queued").asLong()).isEqualTo(queued);
        assertThat(document.get("tables").get(0).get("repair").get("queued").asLong()).isEqualTo(queued);
        assertThat(databases.legacyDb.queryLong("SELECT count(*) FROM cutover_outbox")).isZero();

        Run reconcile = databases.run("reconcile", "--timeout", "60s", "--progress", "none");
        assertThat(reconcile.status()).as(reconcile.out() + reconcile.err()).isZero();

        assertThat(databases.run("verify", "--table", "clients", "--progress", "none").status()).isZero();
        assertThat(databases.legacyDb.queryLong("SELECT count(*) FROM tbl_clients")).isEqualTo(postgresRows);
        assertThat(databases.legacyDb.queryLong("SELECT count(*) FROM tbl_clients WHERE full_name LIKE '% (legacy)'")).isZero();
    }

    @Test
    void shouldRefuseWhenTheTablesWritesHaveTwoPrimariesAndQueueNothing() {
        makeDifferent();
        Map<String, String> split = routes("CUTOVER_ROUTE__CLIENT_REPOSITORY", "legacy-dual",
                "CUTOVER_ROUTE__CLIENT_REPOSITORY__SAVE", "postgres-dual");

        Run refused = CliDatabases.run(split, "verify", "--table", "clients", "--repair", "--progress", "none");

        assertThat(refused.status()).as(refused.out() + refused.err()).isEqualTo(2);
        assertThat(refused.err()).contains("Cannot repair clients: its writes have two primaries, so which side holds each"
                        + " row's latest write is ambiguous (")
                .contains("ClientRepository.save: postgres-dual")
                .contains(": legacy-dual")
                .contains("bring every write method of ClientRepository to one primary ('cutover flags set ClientRepository"
                        + " legacy-dual' or 'postgres-dual', finishing or clearing any rollout)")
                .contains("Nothing was queued.");
        assertThat(refused.out()).doesNotContain("Verify clients");
        assertThat(databases.legacyDb.queryLong("SELECT count(*) FROM cutover_outbox")).isZero();
        assertThat(databases.targetDb.queryLong("SELECT count(*) FROM cutover.outbox")).isZero();
    }

    @Test
    void shouldRefuseWhileTheOtherOutboxHoldsEntriesOfTheTable() {
        makeDifferent();
        databases.run("reconcile", "--timeout", "1s", "--progress", "none"); // both outbox tables exist
        databases.targetDb.execute("INSERT INTO cutover.outbox (table_name, entity_key, created_at) VALUES ('clients', '[3]', now())");

        Run refused = databases.run("verify", "--table", "clients", "--repair", "--progress", "none");

        assertThat(refused.status()).as(refused.out() + refused.err()).isEqualTo(2);
        assertThat(refused.err()).contains("Cannot repair clients: its writes are routed to legacy (legacy or legacy-dual),"
                + " but the postgres-primary outbox (table cutover.outbox (PostgreSQL)) still holds 1 entry of it: rows written"
                + " on postgres that legacy has not received yet, which a copy from legacy would overwrite. Run 'cutover"
                + " reconcile'");
        assertThat(databases.legacyDb.queryLong("SELECT count(*) FROM cutover_outbox")).isZero();
    }

    @Test
    void shouldRefuseWhileARolloutSendsTheTablesWritesToTwoPrimaries() {
        assertThat(databases.run("migrate").status()).isZero(); // the flag store
        try {
            assertThat(flags("set", "ClientRepository", "legacy-dual").status()).isZero();
            Run rollout = flags("rollout", "ClientRepository.save", "postgres-dual", "--percent", "25", "--otherwise",
                    "legacy-dual");
            assertThat(rollout.status()).as(rollout.out() + rollout.err()).isZero();
            makeDifferent();

            Run refused = databases.run("verify", "--table", "clients", "--repair", "--progress", "none");

            assertThat(refused.status()).as(refused.out() + refused.err()).isEqualTo(2);
            assertThat(refused.err()).contains("Cannot repair clients: its writes have two primaries")
                    .contains("ClientRepository.save: rollout: postgres-dual for 25%, otherwise legacy-dual")
                    .contains("finishing or clearing any rollout");
            assertThat(databases.legacyDb.queryLong("SELECT count(*) FROM cutover_outbox")).isZero();
        } finally {
            assertThat(flags("clear", "ClientRepository.save").status()).isZero();
            assertThat(flags("clear", "ClientRepository").status()).isZero();
        }

        Run repaired = databases.run("verify", "--table", "clients", "--repair", "--progress", "none");
        assertThat(repaired.status()).as(repaired.out() + repaired.err()).isEqualTo(1);
        assertThat(repaired.out()).contains("  clients: legacy -> postgres, ");
    }

    private Run flags(String... args) {
        String[] all = new String[args.length + 5];
        all[0] = "flags";
        System.arraycopy(args, 0, all, 1, args.length);
        System.arraycopy(new String[] {"--actor", "alice", "--reason", "repair test"}, 0, all, args.length + 1, 4);
        return databases.run(all);
    }
}
