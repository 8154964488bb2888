package dev.cutover.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.cli.testing.CliDatabases;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code cutover flags show/set/rollout/clear} on a real flag store. */
class FlagsStoreTest {
    private static TargetDatabase target;

    @BeforeAll
    static void createTarget() {
        target = TargetDatabase.create("cli_flags");
    }

    @AfterAll
    static void dropTarget() {
        target.close();
    }

    @BeforeEach
    void emptyStore() {
        target.emptyFlagStoreAnd("cutover.outbox");
    }

    @Test
    void shouldSetARouteWithAnAuditRowNamingTheActorAndTheReason() {
        assertThat(change("flags", "set", "ClientRepository", "legacy-dual").status()).as("writes reach both first").isZero();
        CliDatabases.Run run = target.cli().run("flags", "set", "ClientRepository.findById", "postgres", "--actor", "alice",
                "--reason", "canary after verify run 42");

        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(run.out()).contains("ClientRepository.findById changed from unset to postgres (actor alice, reason: canary after verify run 42")
                .containsPattern("ClientRepository\\.findById +read +postgres +method +store: set by alice at ");
        assertThat(target.database.queryLong("SELECT count(*) FROM cutover.route_flag WHERE target = 'ClientRepository.findById'"
                + " AND route = 'postgres' AND set_by = 'alice'")).isEqualTo(1);
        assertThat(target.database.queryLong("SELECT count(*) FROM cutover.route_flag_audit WHERE actor = 'alice'"
                + " AND reason = 'canary after verify run 42' AND from_value = 'unset' AND to_value = 'postgres'"
                + " AND tool = 'cli' AND db_user = current_user AND os_user = ?", System.getProperty("user.name"))).isEqualTo(1);
    }

    private CliDatabases.Run change(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[] {"--actor", "bob", "--reason", "incident 42"}, 0, all, args.length, 4);
        return target.cli().run(all);
    }

    private long entries(String target) {
        return FlagsStoreTest.target.database.queryLong("SELECT count(*) FROM cutover.route_flag WHERE target = '" + target + "'");
    }

    @Test
    void shouldRefuseToTakeWritesFromPostgresDualStraightToLegacy() {
        assertThat(change("flags", "set", "ClientRepository", "legacy-dual").status()).isZero();
        assertThat(change("flags", "set", "ClientRepository", "postgres-dual").status()).isZero();

        for (String[] args : List.of(new String[] {"flags", "set", "override", "legacy"},
                new String[] {"flags", "set", "override", "legacy", "--dry-run"})) {
            CliDatabases.Run refused = change(args);
            assertThat(refused.status()).as(refused.toString()).isEqualTo(2);
            assertThat(refused.err()).startsWith("cutover flags set: refused: the change can lose writes or serve stale reads"
                    + " (docs/runbook.md, Emergency rollback); nothing written. 3 findings: ClientRepository.delete: postgres-dual"
                    + " -> legacy: while the change reaches every instance, a write of a row on legacy alone")
                    .contains("ClientRepository.save: postgres-dual -> legacy", "go to legacy-dual first (no drain needed),"
                            + " then legacy once every instance routes there", "To make it anyway, knowingly: --force"
                            + " (recorded in the audit)");
        }
        assertThat(entries("override")).isZero();

        CliDatabases.Run safe = change("flags", "set", "override", "legacy-dual");
        assertThat(safe.status()).as(safe.toString()).isZero();
        assertThat(entries("override")).isEqualTo(1);
        CliDatabases.Run then = change("flags", "set", "override", "legacy");
        assertThat(then.status()).as("then legacy: " + then).isZero();
    }

    @Test
    void shouldLetWritesGoBackToLegacyWhilePostgresOutboxHoldsEntries() {
        // A write on legacy is recorded while PostgreSQL's outbox may hold entries: no entry copies an older row over it.
        assertThat(change("flags", "set", "ClientRepository", "legacy-dual").status()).isZero();
        target.database.execute("INSERT INTO cutover.outbox (table_name, entity_key, created_at) VALUES ('clients', '[1]', now())");

        CliDatabases.Run accepted = change("flags", "set", "ClientRepository", "legacy");
        assertThat(accepted.status()).as(accepted.toString()).isZero();
        assertThat(target.database.queryLong("SELECT count(*) FROM cutover.route_flag WHERE target = 'ClientRepository'"
                + " AND route = 'legacy'")).isEqualTo(1);
    }

    @Test
    void shouldRefuseToGiveLegacyBackTheWritesOfPostgresAlone() {
        assertThat(change("flags", "set", "BookingRepository", "postgres").status()).isZero();

        CliDatabases.Run refused = change("flags", "clear", "BookingRepository");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err()).contains("BookingRepository.save: postgres -> legacy: legacy lacks every write made on postgres"
                + " alone; go to postgres-dual and bring legacy up to date first");
        CliDatabases.Run rollout = change("flags", "rollout", "BookingRepository.save", "postgres", "--percent", "50",
                "--otherwise", "legacy-dual");
        assertThat(rollout.err()).contains("BookingRepository.save: postgres -> legacy-dual: legacy lacks");
        assertThat(entries("BookingRepository")).isEqualTo(1);
        assertThat(change("flags", "set", "BookingRepository", "postgres-dual").status()).isZero();
    }

    /** Issue 9, item 5: routes that serve stale data were accepted silently and status said "Attention: nothing". */
    @Test
    void shouldRefuseReadsFromADatabaseTheWritesNoLongerReachUnlessForcedAndFlagThemInStatus() {
        assertThat(change("flags", "set", "ClientRepository.save", "legacy").status()).isZero();

        CliDatabases.Run refused = change("flags", "set", "ClientRepository.findById", "postgres");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err()).isEqualTo("cutover flags set: refused: the change can lose writes or serve stale reads"
                + " (docs/runbook.md, Emergency rollback); nothing written. ClientRepository.findById: reads served by postgres"
                + " (on postgres) miss the writes of ClientRepository.delete (on legacy), ClientRepository.save (on legacy),"
                + " ClientRepository.saveAll (on legacy), which do not reach postgres; put those writes on legacy-dual first"
                + " (they then reach both databases), or keep the reads on legacy or legacy-dual. To make it anyway,"
                + " knowingly: --force (recorded in the audit)" + System.lineSeparator());
        assertThat(entries("ClientRepository.findById")).isZero();
        CliDatabases.Run calm = target.cli().run("status");
        assertThat(calm.status()).as(calm.toString()).isZero();
        assertThat(calm.out()).contains("Attention: nothing");

        CliDatabases.Run forced = change("flags", "set", "ClientRepository.findById", "postgres", "--force");
        assertThat(forced.status()).as(forced.toString()).isZero();
        assertThat(forced.out()).contains("Forced past (recorded in the audit):",
                "  - ClientRepository.findById: reads served by postgres (on postgres) miss the writes of");

        CliDatabases.Run status = target.cli().run("status", "--json");
        assertThat(status.status()).as(status.toString()).isEqualTo(1);
        assertThat(status.json().get("attention").get(0).asText()).startsWith("Stale reads possible: ClientRepository.findById:"
                + " reads served by postgres (on postgres) miss the writes of ClientRepository.delete (on legacy)");
        assertThat(status.json().get("staleReads").get(0).get("rule").asText()).isEqualTo("stale_read");

        CliDatabases.Run show = target.cli().run("flags", "show", "--audit", "1");
        assertThat(show.out()).containsPattern("2 +\\S+ +bob +" + System.getProperty("user.name") + "@\\S+ via cli, role "
                + target.database.username() + ".* +ClientRepository\\.findById +unset +postgres +incident 42 \\(forced past 1"
                + " finding\\(s\\)\\)");
        JsonNode audit = target.cli().run("flags", "show", "--json", "--audit", "1").json().get("audit").get(0);
        assertThat(audit.get("recorded").get("tool").asText()).isEqualTo("cli");
        assertThat(audit.get("recorded").get("databaseUser").asText()).isEqualTo(target.database.username());
        assertThat(audit.get("forced").get(0).asText()).startsWith("ClientRepository.findById: reads served by postgres");
    }

    @Test
    void shouldWriteNothingOnADryRun() {
        CliDatabases.Run run = target.cli().run("flags", "set", "default", "postgres", "--actor", "alice", "--reason", "try", "--dry-run");

        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Dry run, nothing written: default would change from unset to postgres")
                .containsPattern("BookingRepository\\.save +write +postgres +default +store: ");
        assertThat(target.database.queryLong("SELECT count(*) FROM cutover.route_flag")).isZero();
        assertThat(target.database.queryLong("SELECT count(*) FROM cutover.route_flag_audit")).isZero();
    }

    @Test
    void shouldClearAnEntryAndRollOutToTenants() {
        assertThat(target.cli().run("flags", "set", "ClientRepository", "legacy-dual", "--actor", "bob", "--reason", "all clients")
                .status()).isZero();
        CliDatabases.Run rollout = target.cli().run("flags", "rollout", "BookingRepository.save", "postgres-dual", "--percent",
                "25", "--tenants", "acme,globex", "--actor", "bob", "--reason", "a quarter", "--json");
        assertThat(rollout.status()).as(rollout.toString()).isZero();
        assertThat(rollout.json().get("to").asText())
                .isEqualTo("rollout to postgres-dual for 25% of tenants and [acme, globex], else legacy");
        assertThat(rollout.json().get("dryRun").asBoolean()).isFalse();

        CliDatabases.Run clear = target.cli().run("flags", "clear", "ClientRepository", "--actor", "carol", "--reason", "incident 7");
        assertThat(clear.status()).as(clear.toString()).isZero();
        assertThat(clear.out()).contains("ClientRepository changed from legacy-dual to unset (actor carol, reason: incident 7");
        assertThat(target.database.queryLong("SELECT count(*) FROM cutover.route_flag")).isEqualTo(1);
        assertThat(target.database.queryLong("SELECT count(*) FROM cutover.route_flag_audit")).isEqualTo(3);
    }

    @Test
    void shouldRefuseAChangeWithoutActorOrReasonOrWithATypo() {
        CliDatabases.Run noActor = target.cli().run("flags", "set", "default", "postgres");
        assertThat(noActor.status()).isEqualTo(2);
        assertThat(noActor.err()).contains("flags set needs --actor NAME (who) and --reason TEXT (why): every change of the"
                + " flag store is audited with who made it and why");

        CliDatabases.Run typo = target.cli().run("flags", "set", "ClientsRepository", "postgress", "--actor", "a", "--reason", "r");
        assertThat(typo.status()).isEqualTo(2);
        assertThat(typo.err()).contains("did you mean ClientRepository?", "'postgress' is not a route");

        CliDatabases.Run noShare = target.cli().run("flags", "rollout", "ClientRepository.save", "postgres", "--actor", "a", "--reason", "r");
        assertThat(noShare.status()).isEqualTo(2);
        assertThat(noShare.err()).contains("flags rollout needs --percent P (0 to 100) or --tenants a,b,c, or both");
        assertThat(target.database.queryLong("SELECT count(*) FROM cutover.route_flag_audit")).isZero();
    }

    @Test
    void shouldShowRoutesEntriesAndTheAuditLogAsJsonWithoutCredentials() {
        target.cli().run("flags", "set", "ClientRepository.findById", "postgres", "--actor", "alice", "--reason", "canary",
                "--force");
        target.cli().run("flags", "set", "override", "legacy", "--actor", "bob", "--reason", "incident 7");

        CliDatabases.Run run = target.cli().with("CUTOVER_ROUTE__CLIENT_REPOSITORY__SAVE", "postgres")
                .run("flags", "show", "--json", "--audit", "1");
        assertThat(run.status()).as(run.toString()).isZero();
        JsonNode json = run.json();
        assertThat(json.get("entries").findValuesAsText("target")).containsExactly("ClientRepository.findById", "override");
        assertThat(json.get("audit")).hasSize(1);
        assertThat(json.get("audit").get(0).get("actor").asText()).isEqualTo("bob");
        JsonNode save = route(json, "ClientRepository.save");
        assertThat(save.get("route").asText()).isEqualTo("postgres");
        assertThat(save.get("source").asText()).isEqualTo("CUTOVER_ROUTE__CLIENT_REPOSITORY__SAVE");
        JsonNode findById = route(json, "ClientRepository.findById");
        assertThat(findById.get("origin").asText()).isEqualTo("override");
        assertThat(findById.get("route").asText()).isEqualTo("legacy");

        CliDatabases.Run text = target.cli().with("CUTOVER_POSTGRES_URL", target.database.jdbcUrl() + "?password=hunter2")
                .with("CUTOVER_POSTGRES_PASSWORD", "s3cret-password").run("flags", "show");
        assertThat(text.out() + text.err()).doesNotContain("hunter2", "s3cret-password");
    }

    @Test
    void shouldStillShowTheEntriesAndTheAuditLogWhenAnEntryIsInvalid() {
        target.cli().run("flags", "set", "ClientRepository", "postgres", "--actor", "alice", "--reason", "all clients");
        target.database.execute("UPDATE cutover.route_flag SET rollout_percentage = 10, rollout_otherwise = 'legacy'"
                + " WHERE target = 'ClientRepository'"); // a hand edit: rollouts are per method

        CliDatabases.Run run = target.cli().run("flags", "show");
        assertThat(run.status()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("Flag store entry ClientRepository cannot be rolled out: rollouts are per method");
        assertThat(run.out()).contains("Routes: none, the configuration is invalid (above)")
                .containsPattern("ClientRepository +rollout to postgres for 10% of tenants, else legacy +alice")
                .containsPattern("1 +\\S+ +alice +\\S+ via cli, role .* +ClientRepository +unset +postgres +all clients");
    }

    @Test
    void shouldNameTheMissingSetting() {
        CliDatabases.Run run = Cli.withEnvironment(Map.of()).run("flags", "show");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("needs CUTOVER_POSTGRES_URL");
    }

    @Test
    void shouldSayToRunTheMigrationsWhenTheStoreIsMissing() {
        try (TestDatabase empty = TestPostgres.server().createDatabase("cli_flags_empty")) {
            CliDatabases.Run run = target.cli().with("CUTOVER_POSTGRES_URL", empty.jdbcUrl()).run("flags", "show");
            assertThat(run.status()).isEqualTo(2);
            assertThat(run.err()).isEqualTo("cutover flags show: The flag store (table cutover.route_flag in CUTOVER_POSTGRES_URL's"
                    + " database) does not exist [SQLState 42P01]: run 'cutover migrate' first (an"
                    + " instance with dual-write creates it at startup)" + System.lineSeparator());
        }
    }

    private static JsonNode route(JsonNode json, String method) {
        for (JsonNode route : json.get("routes")) {
            if (route.get("method").asText().equals(method)) {
                return route;
            }
        }
        throw new AssertionError("No route of " + method + " in " + json);
    }
}
